#!/bin/sh
# A job that writes flat metrics: one JSON object of numbers, to the path blocksweep passes
# for {result}. Usage: write-metrics.sh RESULT LR WIDTH SEED
result=$1; lr=$2; width=$3; seed=$4
# Stand-in for a training run: a made-up loss that depends on the settings, with seed noise.
awk -v lr="$lr" -v width="$width" -v seed="$seed" 'BEGIN {
  noise = ((seed * 7919) % 100) / 10000
  loss = 0.3 + (lr - 0.003) * (lr - 0.003) * 1000 + 32 / width + noise
  printf "{\"val_loss\": %.6f, \"tokens_per_s\": %.1f}\n", loss, 4.0e7 / width
}' > "$result"
