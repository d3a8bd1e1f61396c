# Sourced by ./test: axe-core (the accessibility checker the browser tests inject into each
# page) from npm, unpacked into the git-ignored cache .cache/axe-core/ (never committed).
# The version is pinned so that a new axe release cannot turn the suite red by itself.
axe_version=4.14.1
axe_dir="$(pwd)/.cache/axe-core/$axe_version"
if [ ! -f "$axe_dir/.done" ]; then
    axe_tmp="$(mktemp -d)"
    (cd "$axe_tmp" && npm pack --silent "axe-core@$axe_version" >/dev/null)
    rm -rf "$axe_dir" && mkdir -p "$axe_dir"
    tar -xzf "$axe_tmp/axe-core-$axe_version.tgz" -C "$axe_dir" --strip-components=1
    rm -rf "$axe_tmp"
    touch "$axe_dir/.done"
fi
export FOLLOWLINE_TEST_AXE="$axe_dir/axe.min.js"
unset axe_version axe_dir axe_tmp
