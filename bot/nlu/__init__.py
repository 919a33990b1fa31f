"""Free-text understanding: the intent classifier (`model`, trained by `build` from
`train.yml`), the details a sentence carries (`entities`) and typo-tolerant words (`fuzzy`)."""
