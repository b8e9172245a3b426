#!/bin/sh
# A job that writes a benchmark result (reference layout) whose dynamic_suffix val-loss
# increase is GAP plus a seed-dependent deviation of at most NOISE: controlled, repeatable
# noise, so adaptive seeds can be watched settling rows (tools/bench-seeds.sh and the tests).
# Speedups are a clear 2× (dynamic) and 1.67× (static, +20% val loss: a clear reject).
# Usage: write-seeded-result.sh RESULT GAP NOISE SEED
result=$1; gap=$2; noise=$3; seed=$4
awk -v gap="$gap" -v noise="$noise" -v seed="$seed" 'BEGIN {
  u = ((seed * 7919 + 13) % 201 - 100) / 100
  full = 3.0 + ((seed * 31) % 17) / 100
  printf "{\"config\": {\"n_layers\": 8, \"seed\": %d},\n", seed
  printf " \"results\": [\n"
  printf "  {\"schedule\": \"full_update\", \"final_val_loss\": %.6f, \"mean_step_ms\": 10.0},\n", full
  printf "  {\"schedule\": \"static_suffix\", \"final_val_loss\": %.6f, \"mean_step_ms\": 6.0, \"active_layers_mean\": 4},\n", full * 1.2
  printf "  {\"schedule\": \"dynamic_suffix\", \"final_val_loss\": %.8f, \"mean_step_ms\": 5.0, \"active_layers_mean\": 4}\n", \
    full * (1 + gap + noise * u)
  printf " ]}\n"
}' > "$result"
