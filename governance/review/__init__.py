"""`mlgov review`: two sides of a governance repository (git refs, or the working tree) compared.

gitrefs exports a ref into a temporary folder; side loads, compiles and lints one side into plain
data; permissions, personas, cards and findings compare the two sides; compare runs it all;
markdown and render turn the result into text.
"""
