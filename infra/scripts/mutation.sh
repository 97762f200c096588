#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the dotnet-stryker version pinned in .config/dotnet-tools.json).
#
#   infra/scripts/mutation.sh [target...]     targets: routing aggregation grains scheduling (default: all, in that order)
#
# Each target's configuration is infra/mutation/<target>.json (project to mutate, `mutate` globs, per-test coverage,
# concurrency 1). Reports (HTML, JSON, log) go to artifacts/mutation/<target>/; the script ends with one line per
# target: its mutation score. Slow (minutes to hours on 2 cores): a benchmark-like command, not part of CI.
# Exit status: 0 when every target ran, 1 when one failed to run, 2 on a bad target name.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

declare -A test_project=(
    [routing]=tests/Mosaic.Routing.Tests
    [aggregation]=tests/Mosaic.Aggregation.Tests
    [grains]=tests/Mosaic.Grains.Tests
    [scheduling]=tests/Mosaic.Scheduling.Tests
)
order=(routing aggregation grains scheduling)

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${order[@]}")
for target in "${targets[@]}"; do
    if [ -z "${test_project[$target]:-}" ]; then
        echo "mutation.sh: unknown target '$target' (known: ${order[*]})" >&2
        exit 2
    fi
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null

declare -A score
status=0
for target in "${targets[@]}"; do
    out="$root/artifacts/mutation/$target"
    rm -rf "$out"
    mkdir -p "$out"
    started=$SECONDS
    echo "mutation.sh: $target (log: $out/stryker.log)" >&2
    # Stryker's project analysis sometimes gives up on a loaded machine ("Could not find build environment"):
    # that is retried, up to three runs; any other failure is not.
    ok=false
    for attempt in 1 2 3; do
        if (cd "${test_project[$target]}" && dotnet stryker --config-file "$root/infra/mutation/$target.json" --output "$out") \
            >"$out/stryker.log" 2>&1; then
            ok=true
            break
        fi
        grep -q 'Could not find build environment' "$out/stryker.log" || break
        echo "mutation.sh: $target: project analysis failed (attempt $attempt), retrying" >&2
    done
    if $ok; then
        line="$(grep -o 'The final mutation score is [0-9.]* %' "$out/stryker.log" | tail -n 1 || true)"
        score[$target]="${line#The final mutation score is } ($((SECONDS - started)) s)"
    else
        score[$target]="failed to run, see $out/stryker.log"
        status=1
    fi
done

for target in "${targets[@]}"; do
    echo "$target: ${score[$target]}"
done
exit $status
