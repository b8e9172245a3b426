#!/bin/sh
# A job that writes a benchmark result in the reference layout (what
# dynamic_block_update_schedule_bench.py writes with --json-out), here made up from the
# settings so the example runs anywhere. The report needs, per schedule, `schedule`,
# `final_val_loss` and `mean_step_ms`; every other key is optional (see docs/report.md).
# Usage: write-bench-result.sh RESULT THRESHOLD SEED
result=$1; threshold=$2; seed=$3
awk -v t="$threshold" -v seed="$seed" 'BEGIN {
  noise = ((seed * 7919) % 100) / 100000
  full = 0.0300 + noise
  printf "{\"config\": {\"n_layers\": 8, \"seed\": %d, \"dyn_relevance_threshold\": %s},\n", seed, t
  printf " \"results\": [\n"
  printf "  {\"schedule\": \"full_update\", \"final_val_loss\": %.6f, \"mean_step_ms\": 10.0},\n", full
  printf "  {\"schedule\": \"static_suffix\", \"final_val_loss\": %.6f, \"mean_step_ms\": 6.0, \"active_layers_mean\": 4},\n", full * 1.2
  printf "  {\"schedule\": \"dynamic_suffix\", \"final_val_loss\": %.6f, \"mean_step_ms\": %.3f, \"active_layers_mean\": %.2f}\n", \
    full * (1 + (1 - t) * 0.1), 6.5 + 4 * (t - 0.5), 4 + 4 * (t - 0.5)
  printf " ]}\n"
}' > "$result"
