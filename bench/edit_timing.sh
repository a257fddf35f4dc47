#!/usr/bin/env bash
# Time N one-article rebuilds in the current folder (a copy of a corpus, built once):
#   bash bench/edit_timing.sh LABEL N COMMAND...
# e.g. bash bench/edit_timing.sh new 3 env PYTHONPATH=/path/to/checkout python -m sitegen build --no-search -q
# Each run appends a line to the middle English article, then times COMMAND. Prints the times
# sorted, then LABEL. Alternate two checkouts on two copies to compare them in one run.
set -euo pipefail
label=$1; n=$2; shift 2
articles=(content/articles/*.en.md)
article=${articles[$(( ${#articles[@]} / 2 ))]}
for i in $(seq "$n"); do
  printf '\nA correction %s %s %s.\n' "$label" "$i" "$RANDOM" >> "$article"
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
done | sort -n | tr '\n' ' '
echo " $label"
