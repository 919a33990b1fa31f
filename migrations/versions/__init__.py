"""migrations/versions package."""
