"""OAuth2 grants for users' mailboxes: providers, the authorization-code flow, tokens."""
