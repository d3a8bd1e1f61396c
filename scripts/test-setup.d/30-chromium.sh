# Sourced by ./test: Debian's Chromium for the Playwright browser tests (browsers cannot be
# downloaded here; the tests launch /usr/bin/chromium through executable_path).
if [ ! -x /usr/bin/chromium ]; then
    echo "installing chromium (apt)" >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null 2>&1; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    fi
fi
export FOLLOWLINE_TEST_CHROMIUM=/usr/bin/chromium
