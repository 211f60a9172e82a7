#!/bin/bash
# Spread a large sweep over a cluster: one array task per shard, then one merge.
#   sbatch --array=0-15 Examples/experiments/slurm-array.sh Examples/experiments/synthetic.yaml
#   sbatch --dependency=afterok:<array job id> --wrap \
#     "vmlab merge Examples/experiments/synthetic.yaml /scratch/$USER/vmlab/shard-*"
#SBATCH --job-name=vmlab
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=vmlab-%A_%a.log
set -euo pipefail
experiment="$1"
shards="${SLURM_ARRAY_TASK_COUNT:?run with sbatch --array=0-N}"
index="${SLURM_ARRAY_TASK_ID:?run with sbatch --array=0-N}"
output="/scratch/${USER}/vmlab/shard-${index}"
# Each task runs every shards-th cell; an interrupted task continues where it stopped when resubmitted.
vmlab run "$experiment" --shard "${index}/${shards}" --jobs "${SLURM_CPUS_PER_TASK:-1}" --output "$output" \
    --resume --quiet
