"""Class 4 routing: ingress rules, strategies, the route() decision and its trace."""
