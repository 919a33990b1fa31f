"""Hand-offs to a person: protocol numbers, the conversation's hand-off state (the bot steps
aside), and what staff do with a hand-off (take, reply, attach, close)."""
