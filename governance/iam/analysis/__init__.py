"""IAM policy analysis: what statements, actions, ARNs and conditions mean, what a set of
policies grants, and how it can escalate. Lint rules and the review both read it."""
