# Sourced by tools/bench-exec.sh and tools/bench-slurm.sh: the same list of trivial jobs for
# blocksweep and for the tool it is measured against, and the timing helpers both use.

# write_trivial_sweep BIN WORK N EXECUTION: WORK/bench.yaml, N jobs that each copy one real
# result file (the executor checks every result it accepts), with the given execution mapping.
write_trivial_sweep() {
  local bin=$1 work=$2 n=$3 execution=$4
  "$bin" bench --schedules full_update --dmodel 8 --n-layers 1 --hidden-mult 1 --batch-size 1 --seq-len 2 \
    --steps 2 --val-batches 1 --threads 1 --json-out "$work/good.json" >/dev/null 2>&1
  {
    echo "version: 1"
    echo "name: bench"
    echo "runner: {command: [cp, \"$work/good.json\", \"{result}\"]}"
    echo "grid:"
    echo "  i: [$(seq -s ', ' 1 "$n")]"
    echo "seeds: [1]"
    echo "execution: $execution"
  } > "$work/bench.yaml"
}

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
