"""Inbox sync over IMAP: connected mailboxes, read since the last seen UID.

from followline.web.mailsync.sync import connect_account, sync_account
"""
