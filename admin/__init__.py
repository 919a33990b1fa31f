"""The staff admin page (`/admin`) and the chat simulator (`/simulator`)."""
