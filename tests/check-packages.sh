#!/usr/bin/env bash
# Packaging proof: packs every library into artifacts/packages, then builds and runs a throwaway consumer
# (outside the repository) that restores those packages from that folder only and calls AddHematologyPipeline(),
# then installs the 'hematology' tool from that folder and runs its demo.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$repo"/artifacts/packages/*.nupkg "$repo"/artifacts/packages/*.snupkg
dotnet pack "$repo/Hematology.Integration.sln" -c Release -p:Version="$version" -o "$repo/artifacts/packages" --nologo -v quiet
expected=$(ls -d "$repo"/src/*/ | wc -l)
packed=$(ls "$repo"/artifacts/packages/*.nupkg | wc -l)
[ "$packed" -eq "$expected" ] || { echo "check-packages: expected $expected packages, found $packed" >&2; exit 1; }
for p in "$repo"/artifacts/packages/*.nupkg; do
  listing=$(unzip -Z1 "$p"); grep -qx README.md <<<"$listing" || { echo "check-packages: $(basename "$p") has no README.md" >&2; exit 1; }
done
cp "$repo/tests/package-consumer/Consumer.csproj" "$repo/tests/package-consumer/Program.cs" "$work/"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="hematology-local" value="$repo/artifacts/packages" />
  </packageSources>
</configuration>
XML
cd "$work"
dotnet run -p:HematologyVersion="$version" --property:RestorePackagesPath="$work/packages" --nologo -v quiet

# The command-line host installs as a dotnet tool from the same folder, and its demo runs from the installed tool.
dotnet tool install --tool-path "$work/tools" Hematology.Integration.Cli --version "$version" --add-source "$repo/artifacts/packages" >/dev/null
"$work/tools/hematology" demo > "$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; echo "check-packages: the installed tool's demo failed" >&2; exit 1; }
grep -q "Demo succeeded" "$work/demo.log" || { cat "$work/demo.log" >&2; exit 1; }
echo "check-packages: $packed packages packed, each with its README; the consumer restored and ran; the installed 'hematology' tool ran its demo."
