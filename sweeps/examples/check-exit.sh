#!/bin/sh
# A job that only succeeds or fails: blocksweep looks at its exit status (0 = done) and keeps
# its output in jobs/<id>/stdout.log and stderr.log. Usage: check-exit.sh SIZE SEED
size=$1; seed=$2
echo "checking size $size with seed $seed"
# Stand-in for real work, e.g. "does the model still build and take one step at this size?"
[ "$size" -le 4096 ] || { echo "size $size is above the limit 4096" >&2; exit 1; }
