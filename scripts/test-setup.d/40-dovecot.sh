# Sourced by ./test. A private Dovecot IMAP server on 127.0.0.1 for the inbox-sync tests.
# Plain-text login is allowed (loopback only). Every user name exists, all with the one
# test password, so each test logs in as a fresh user and gets an empty mailbox.
# Exports FOLLOWLINE_TEST_IMAP_PORT, FOLLOWLINE_TEST_IMAP_PASSWORD, FOLLOWLINE_TEST_IMAP_CONF.
if ! command -v dovecot >/dev/null 2>&1 || [ ! -e /usr/lib/dovecot/imap ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
fi
_dove_dir="${TMPDIR:-/tmp}/followline-dovecot-$(echo "$PWD" | md5sum | cut -c1-8)"
if [ -f "$_dove_dir/dovecot.conf" ]; then
    doveadm -c "$_dove_dir/dovecot.conf" stop >/dev/null 2>&1 || true
fi
rm -rf "$_dove_dir"
mkdir -p "$_dove_dir/run" "$_dove_dir/state" "$_dove_dir/mail"
chown dovenull: "$_dove_dir/mail"
_dove_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$_dove_dir/dovecot.conf" <<CONF
base_dir = $_dove_dir/run
state_dir = $_dove_dir/state
log_path = $_dove_dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:$_dove_dir/mail/%u
default_internal_user = dovenull
default_login_user = dovenull
passdb {
  driver = static
  args = password=followline-test
}
userdb {
  driver = static
  args = uid=dovenull gid=dovenull home=$_dove_dir/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $_dove_port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF
dovecot -c "$_dove_dir/dovecot.conf"
export FOLLOWLINE_TEST_IMAP_PORT="$_dove_port"
export FOLLOWLINE_TEST_IMAP_PASSWORD="followline-test"
export FOLLOWLINE_TEST_IMAP_CONF="$_dove_dir/dovecot.conf"
unset _dove_dir _dove_port
