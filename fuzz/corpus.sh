#!/usr/bin/env bash
# The fuzzers' corpora: the full working corpora live in fuzz/corpus/TARGET/ (not in git)
# and are regenerated here by running cargo-fuzz; the small regression corpus that
# `cargo test` replays lives in fuzz/regression/TARGET/ (in git).
#
#   fuzz/corpus.sh MINUTES [TARGET...]   run each target (all by default) for MINUTES,
#                                        starting from fuzz/regression/TARGET, adding what
#                                        it finds to fuzz/corpus/TARGET, then minimize it
#   fuzz/corpus.sh pick [TARGET...]      refresh fuzz/regression/TARGET from
#                                        fuzz/corpus/TARGET (review with git status, commit)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets the stable toolchain
# build with the nightly features it uses. A crash is saved in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"

# How many inputs of the full corpus the regression corpus keeps per target, besides the
# hand-written seeds (seed-*) and the inputs that once failed (regression-*), which it
# always keeps.
KEEP=${KEEP:-60}

all_targets() {
    sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^clec-wizard-fuzz$'
}

# Keeps the named inputs and KEEP others spread evenly over the corpus sorted by size (from
# the smallest to the largest), so that short and long inputs alike stay replayed.
pick() {
    local target=$1 from=corpus/$1 to=regression/$1
    [ -d "$from" ] || { echo "$from: no corpus (run: $0 MINUTES $target)" >&2; return 1; }
    mkdir -p "$to"
    # A fresh sample each time; the seeds and the regressions stay.
    find "$to" -maxdepth 1 -type f ! -name 'seed-*' ! -name 'regression-*' -delete
    find "$from" -maxdepth 1 -type f \( -name 'seed-*' -o -name 'regression-*' \) \
        -exec cp -p {} "$to/" \;
    # Sort by size then name, so that the choice is the same on every machine.
    find "$from" -maxdepth 1 -type f ! -name 'seed-*' ! -name 'regression-*' -printf '%s %f\n' |
        sort -k1,1n -k2,2 |
        awk -v keep="$KEEP" '{ line[NR] = $2 }
            END {
                if (NR <= keep) { for (i = 1; i <= NR; i++) print line[i]; exit }
                for (k = 0; k < keep; k++) print line[1 + int(k * (NR - 1) / (keep - 1))]
            }' |
        while read -r name; do cp -p "$from/$name" "$to/"; done
    echo "$to: $(find "$to" -type f | wc -l) inputs"
}

if [ $# -eq 0 ]; then
    sed -n '2,13p' "$(basename "$0")" | sed 's/^# \{0,1\}//'
    exit 2
fi

mode=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(all_targets)

if [ "$mode" = pick ]; then
    for t in "${targets[@]}"; do pick "$t"; done
    exit 0
fi

case $mode in
'' | *[!0-9]*) echo "MINUTES must be a number, or 'pick'" >&2; exit 2 ;;
esac
seconds=$((mode * 60))
command -v cargo-fuzz >/dev/null || { echo "cargo install cargo-fuzz" >&2; exit 2; }
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    # New inputs go to the first folder; the regression corpus seeds the run.
    cargo fuzz run "$t" -s none "corpus/$t" "regression/$t" -- -max_total_time="$seconds"
    cargo fuzz cmin "$t" -s none "corpus/$t"
done
echo "Full corpora in fuzz/corpus/ (not in git). '$0 pick' refreshes fuzz/regression/."
