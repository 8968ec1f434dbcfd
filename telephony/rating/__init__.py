"""Class 4 rating: carriers, exchange rates, rate cards, revisions, pricing, the prefix index."""
