#!/bin/bash
# Spread a large sweep over a Slurm cluster: one array task per shard, then one merge.
#
#   shards=16
#   job=$(sbatch --parsable --array=0-$((shards - 1)) Examples/experiments/slurm-array.sh \
#       Examples/experiments/synthetic.yaml "$shards")
#   sbatch --dependency=afterany:${job} --wrap \
#       "vmlab merge Examples/experiments/synthetic.yaml ${SCRATCH:-$PWD}/vmlab/synthetic/shard-*"
#
# Arguments: the experiment file and the number of shards (the array must be 0..shards-1). The shard count is an
# argument, not SLURM_ARRAY_TASK_COUNT: resubmitting one task (`sbatch --array=3 … FILE 16`) keeps it right.
# Output: $VMLAB_OUTPUT_ROOT (default $SCRATCH, else the directory sbatch was run from) /vmlab/<experiment>/shard-<i>,
# so two experiments never share shard directories. vmlab is taken from $VMLAB (default: vmlab on PATH).
#
# Retries: a task that failed or was cancelled is rerun in place with `scontrol requeue <job>_<index>`; it resumes
# from the cells it finished. The merge waits with `afterany` (an `afterok` dependency never recovers once a task
# failed, even after the requeue succeeds) and checks completeness itself: it writes the report only when every
# cell has a result, and otherwise says which are missing; run it again after the requeued task ends.
#
# Resources: the defaults below fit a small node (2 CPUs, 2 GB). Raise them on the command line, e.g.
# `sbatch --cpus-per-task=8 --mem=8G --array=… slurm-array.sh FILE N`; each task runs as many cells at once as it
# has CPUs, and vmlab refuses (with a message) a machine that would not fit in --max-memory (half of RAM).
#SBATCH --job-name=vmlab
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --output=vmlab-%A_%a.log
set -euo pipefail

usage() {
    echo "usage: sbatch --array=0-\$((N-1)) $0 EXPERIMENT.yaml N" >&2
    exit 2
}
[ "$#" -eq 2 ] || usage
experiment="$1"
shards="$2"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "shard count '$shards': expected a positive integer" >&2; exit 2; }
index="${SLURM_ARRAY_TASK_ID:-}"
if ! [[ "$index" =~ ^[0-9]+$ ]]; then
    echo "SLURM_ARRAY_TASK_ID is not set: submit with sbatch --array=0-$((shards - 1))" >&2
    exit 2
fi
if [ "$index" -ge "$shards" ]; then
    echo "array index $index is outside 0-$((shards - 1)) for $shards shards" >&2
    exit 2
fi
[ -f "$experiment" ] || { echo "$experiment: no such experiment file" >&2; exit 2; }

name="$(basename "$experiment")"
name="${name%.*}"
root="${VMLAB_OUTPUT_ROOT:-${SCRATCH:-${SLURM_SUBMIT_DIR:-$PWD}}}/vmlab/${name}"
output="${root}/shard-${index}"
mkdir -p "$root"
# Each task runs every shards-th cell; a requeued task continues where it stopped.
"${VMLAB:-vmlab}" run "$experiment" --shard "${index}/${shards}" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --output "$output" --resume --quiet
