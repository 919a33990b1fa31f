"""Helpers the tests (and bench/, docs/ scripts) share: chat posts, import lines, staff logins,
a fake Twilio, PDF read-back, the browser, bank return files, bot effects applied directly."""
