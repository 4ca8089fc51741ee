"""Tests of lpkg.publish: dumps, metadata, the website, release notes."""
