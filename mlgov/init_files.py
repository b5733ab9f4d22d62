"""The files `mlgov init` writes besides the personas and the card: the configuration, a
pre-commit hook and a CI workflow. Kept here, as text, so the README can show them as written
(a test holds the README to these)."""

from __future__ import annotations

CONFIG = """\
# yaml-language-server: $schema=schemas/config.schema.json
# mlgov's configuration: `mlgov schema config` prints every key with what it means.
# The compiler puts these into the policies' ARNs: use the account and region the roles go to.
partition: {partition}
account: "{account}"
region: {region}
site_name: ML governance
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install` runs mlgov lint before each commit.
# A local hook runs the mlgov this machine has installed, whatever way it was installed.
repos:
  - repo: local
    hooks:
      - id: mlgov-lint
        name: mlgov lint
        entry: mlgov lint
        language: system
        # Files refer to each other, so the whole repository is linted, once per commit, and
        # only when a commit touches governance data.
        pass_filenames: false
        files: ^(personas|policies|cards|snapshots)/|^(mlgov\\.yaml|pyproject\\.toml|mkdocs\\.yml)$
"""

WORKFLOW = """\
# mlgov in GitHub Actions: the lint gate with code-scanning annotations, the review of each
# pull request as a comment, and the governance site on GitHub Pages from main.
# Set the repository variable MLGOV_PIP to what installs mlgov: a wheel you publish, or
# "mlgov @ git+https://github.com/OWNER/mlgov@COMMIT".
name: governance
on:
  pull_request:
  push: {branches: [main]}
permissions: {contents: read}
jobs:
  lint-and-review:
    runs-on: ubuntu-latest
    permissions: {contents: read, security-events: write, pull-requests: write, actions: read}
    steps:
      # Full history: lint checks each Archived card against the commit that archived it, and
      # review and --baseline read the base branch. A shallow clone (the default, depth 1)
      # cannot tell an edit of an Archived card committed on the branch.
      - uses: actions/checkout@v5
        with: {fetch-depth: 0}
      - uses: actions/setup-python@v6
        with: {python-version: "3.12"}
      - run: pip install "${{ vars.MLGOV_PIP }}"
      - uses: actions/cache@v4           # mlgov's document cache: faster lint and review
        with:
          path: ~/.cache/mlgov
          key: mlgov-${{ runner.os }}-${{ github.sha }}
          restore-keys: mlgov-${{ runner.os }}-
      - run: mlgov lint --format sarif --output-file mlgov.sarif
      - uses: github/codeql-action/upload-sarif@v4
        if: always()                     # upload also when lint fails the job
        with: {sarif_file: mlgov.sarif, category: mlgov}
      - if: github.event_name == 'pull_request'
        run: mlgov review origin/${{ github.base_ref }} --out review.md --fail-on-new
      - if: always() && github.event_name == 'pull_request'
        run: |
          cat review.md >> "$GITHUB_STEP_SUMMARY"
          gh pr comment ${{ github.event.number }} --body-file review.md --edit-last \\
            || gh pr comment ${{ github.event.number }} --body-file review.md
        env: {GH_TOKEN: "${{ github.token }}"}
  site:
    if: github.ref == 'refs/heads/main'
    needs: lint-and-review
    runs-on: ubuntu-latest
    permissions: {pages: write, id-token: write}
    environment: {name: github-pages}
    steps:
      - uses: actions/checkout@v5
        with: {fetch-depth: 0}           # the PDFs carry each card's history from git
      - uses: actions/setup-python@v6
        with: {python-version: "3.12"}
      - run: sudo apt-get install -y libharfbuzz-subset0   # faster, reproducible PDFs
      - run: pip install "${{ vars.MLGOV_PIP }}"
      - run: mlgov build --out site
      - uses: actions/upload-pages-artifact@v4
        with: {path: site}
      - uses: actions/deploy-pages@v4
"""

GITIGNORE = """\
# What mlgov builds: the site and its working folder.
site/
build/
"""
