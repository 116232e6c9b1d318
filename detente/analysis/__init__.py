"""Relationship analytics over the store: dyad timelines, alerts, pledges, quotes, the actor
network, their plots and the HTML brief. Reads the store's public views only."""
