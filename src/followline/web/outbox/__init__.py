"""The outbox: every outgoing mail is a row first, sent by the background worker.

Public API for the rest of the app::

    from followline.web.outbox.enqueue import enqueue_mail, enqueue_draft
"""
