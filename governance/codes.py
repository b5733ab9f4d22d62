"""The rules the stages before lint emit (loading, schemas, references, compiling): each rule's
id, title, severity and documentation, defined once, here, where the emitting stages can reach
them. Emit sites pass the code, never an id string or a severity of their own; the lint
registry turns every code into a rule that can be selected, explained and documented."""

from __future__ import annotations

from governance.findings import Code, Severity

E, W = Severity.ERROR, Severity.WARNING


# loading
SRC000 = Code(
    "SRC000",
    "File cannot be read",
    "A file that cannot be read is a file not checked.",
)
SRC001 = Code(
    "SRC001",
    "File is not valid UTF-8",
    "mlgov reads UTF-8 only; other encodings would change what a reviewer sees.",
)
SRC002 = Code(
    "SRC002",
    "File is too large",
    "Files over 2 MiB are refused unread: no governance file needs to be that big, and "
    "a huge file is a denial-of-service vector in CI.",
)
SRC003 = Code(
    "SRC003",
    "Syntax error",
    "The file is not valid YAML or JSON.",
    bad="id: [unclosed\n",
    good="id: closed\n",
)
SRC004 = Code(
    "SRC004",
    "Duplicate key",
    "YAML and JSON parsers keep one of two duplicate keys silently; which one differs "
    "between tools, so a reviewer may approve a value that is not the one in force.",
    bad="id: a\nid: b\n",
    good="id: a\n",
)
SRC005 = Code(
    "SRC005",
    "Tab used for indentation",
    "YAML forbids tabs in indentation; editors show them at different widths.",
    bad="role:\n\tname: x\n",
    good="role:\n  name: x\n",
)
SRC006 = Code(
    "SRC006",
    "Unsupported YAML tag",
    "Tags such as !!python/object construct objects or run code in some loaders; "
    "mlgov accepts only plain data.",
    bad="id: !!python/object:os.system x\n",
    good="id: x\n",
)
SRC007 = Code(
    "SRC007",
    "Alias expansion too large or recursive",
    "Nested aliases can expand a small file into gigabytes (billion laughs).",
)
SRC008 = Code(
    "SRC008",
    "Nesting too deep",
    "Values nested over 64 levels are refused.",
)
SRC009 = Code(
    "SRC009",
    "File is empty",
    "An empty file defines nothing; delete it or fill it.",
)
SRC010 = Code(
    "SRC010",
    "Top level is not a mapping",
    "Every mlgov file is a mapping of keys to values.",
    bad="- id: x\n",
    good="id: x\n",
)
SRC011 = Code(
    "SRC011",
    "YAML 1.1 boolean-like word",
    "yes/no/on/off are booleans to YAML 1.1 tools and strings to YAML 1.2 ones (and to "
    "mlgov); quote them so every tool reads the same value.",
    W,
    bad="country: NO\n",
    good="country: 'NO'\n",
    waivable=True,
)
SRC012 = Code(
    "SRC012",
    "Key that is not a plain scalar, or a merge key",
    "Complex keys and YAML 1.1 merge keys (<<) are read differently by different tools.",
)

SRC013 = Code(
    "SRC013",
    "Path leads outside the repository",
    "A link whose target, or a configured folder that, resolves outside the repository "
    "would make mlgov read what the change under review does not contain: a CI runner's "
    "files, /etc/passwd, a secret, and print parts of them in findings. mlgov reads "
    "nothing through it. Keep governance files inside the repository (links within it "
    "are fine).",
)
SRC014 = Code(
    "SRC014",
    "File name that cannot be shown as it is",
    "A file name that is not UTF-8, or that holds control characters (an escape sequence "
    "can clear or recolour a CI log, a line break can forge a finding), cannot be named "
    "safely in findings, pages or links; the file is not loaded. Rename it with "
    "printable UTF-8 characters.",
)

SRC015 = Code(
    "SRC015",
    "File in a data folder that mlgov does not read",
    "mlgov reads the files directly in each data folder (personas/*.yaml, cards/*.yaml, "
    "policies/*.json, ...). A file in a subfolder, or with another suffix (`.yml`), is not "
    "read: a persona or card put there would silently govern nothing.",
    W,
    bad="personas/teams/team-a.yaml\n",
    good="personas/team-a.yaml\n",
)

# schema
SCH001 = Code(
    "SCH001",
    "Required key missing",
    "The schema requires this key.",
    bad="schema_version: 1\n",
    good="schema_version: 1\nid: p\n",
)
SCH002 = Code(
    "SCH002",
    "Unknown key",
    "A misspelt key would otherwise be ignored silently; mlgov refuses unknown keys.",
    bad="schema_version: 1\nid: p\nactivites: []\n",
    good="schema_version: 1\nid: p\nactivities: []\n",
)
SCH003 = Code(
    "SCH003",
    "Value of the wrong type",
    "The schema expects another type here.",
    bad="role: {max_session_hours: '4'}\n",
    good="role: {max_session_hours: 4}\n",
)
SCH004 = Code(
    "SCH004",
    "Value outside the allowed set",
    "The schema allows only certain values.",
    bad="effect: Alow\n",
    good="effect: Allow\n",
)
SCH005 = Code(
    "SCH005",
    "Value of the wrong form",
    "The value does not match the expected form.",
    bad="id: Data_Scientist\n",
    good="id: data-scientist\n",
)
SCH006 = Code(
    "SCH006",
    "Value out of range",
    "Lengths, counts and numbers have limits, most of them IAM's quotas.",
    bad="role: {max_session_hours: 13}\n",
    good="role: {max_session_hours: 12}\n",
)
SCH007 = Code(
    "SCH007",
    "Repeated list item",
    "Lists that are sets must not repeat items.",
)
SCH008 = Code(
    "SCH008",
    "Value matches none of the allowed shapes",
    "The value fits none of the forms the schema allows here.",
)

# references
REF001 = Code(
    "REF001",
    "Duplicate id",
    "Ids name files across the repository; each is unique.",
)
REF002 = Code(
    "REF002",
    "Unknown or repeated activity",
    "A persona names an activity that does not exist, or names one twice.",
    bad="activities: [manage-ml-jobz]\n",
    good="activities: [manage-ml-jobs]\n",
)
REF003 = Code(
    "REF003",
    "Unknown persona in extends",
    "`extends` names no known persona.",
    bad="extends: builtin:data-scientst\n",
    good="extends: builtin:data-scientist\n",
)
REF004 = Code(
    "REF004",
    "Cycle in extends",
    "A persona cannot extend itself, even indirectly.",
)
REF005 = Code(
    "REF005",
    "Unknown compute role",
    "compute_role names a persona of this repository or a role ARN.",
)
REF006 = Code(
    "REF006",
    "Policy file missing or outside the repository",
    "A persona's policy file must exist inside the repository.",
)
REF007 = Code(
    "REF007",
    "Role name used twice",
    "IAM role names are unique per account, ignoring case.",
)
REF008 = Code(
    "REF008",
    "Unknown persona in a card",
    "A card's `personas: {deploy, use}` names personas of this repository; an unknown id "
    "grants nothing and hides who may really deploy the model.",
    bad="personas: {deploy: [mlopz]}\n",
    good="personas: {deploy: [mlops]}\n",
)
REF009 = Code(
    "REF009",
    "Card owner or approver not listed in contacts",
    "An owner or an approval must name a person listed in the card's contacts, so that "
    "every sign-off can be traced to someone reachable.",
    bad="contacts: [{name: Ana}]\napprovals: [{by: Bob, date: 2026-10-01}]\n",
    good="contacts: [{name: Ana}, {name: Bob}]\napprovals: [{by: Bob, date: 2026-10-01}]\n",
)
REF010 = Code(
    "REF010",
    "Unknown persona in a Studio user profile",
    "A user profile in studio/ is bound to a persona of this repository, whose role becomes "
    "its execution role; an unknown id would leave the user with no role mlgov manages.",
    bad="profiles:\n  ana:\n    persona: data-scientst\n",
    good="profiles:\n  ana:\n    persona: data-scientist\n",
)

# compiling
PAR001 = Code(
    "PAR001",
    "Unknown activity parameter",
    "The activity declares no such parameter.",
    bad="- s3-bucket-access: {bucket: [data]}\n",
    good="- s3-bucket-access: {buckets: [data]}\n",
)
PAR002 = Code(
    "PAR002",
    "Required activity parameter missing",
    "The activity cannot be compiled without this value.",
    bad="- s3-bucket-access\n",
    good="- s3-bucket-access: {buckets: [data]}\n",
)
PAR003 = Code(
    "PAR003",
    "List given for a one-value parameter",
    "The parameter takes one value.",
)
PAR004 = Code(
    "PAR004",
    "Parameter value of the wrong form",
    "Values are checked against their type (bucket names, ARNs, ...).",
    bad="- s3-bucket-access: {buckets: [Team_Data]}\n",
    good="- s3-bucket-access: {buckets: [team-data]}\n",
)
CMP001 = Code(
    "CMP001",
    "Activity passes a role but no compute role is set",
    "PassRole is granted only for the persona's compute role, never on '*'.",
    bad="activities: [manage-ml-jobs]\n",
    good="compute_role: compute\nactivities: [manage-ml-jobs]\n",
)
CMP002 = Code(
    "CMP002",
    "Placeholder without a value",
    "A ${placeholder} left in a policy would be deployed literally; mlgov never emits one.",
)
CMP003 = Code(
    "CMP003",
    "Persona does not fit IAM's quotas",
    "Its policies need more room than IAM allows (6,144 characters per managed policy, "
    "10 attached policies by default, 10,240 characters of inline policy).",
)
CMP004 = Code(
    "CMP004",
    "Trust policy too large",
    "IAM allows 2,048 characters by default.",
)
CMP005 = Code(
    "CMP005",
    "compiled/ is not what `mlgov compile` writes now",
    "Lint checks the policies as compiling the repository gives them. When the committed "
    "compiled/ folder differs (an activity changed, compile was not run), what reviewers and "
    "deployments read is not what was checked. Findings are placed at the persona, activity "
    "or policy file lines they come from, and name the compiled policy as it would be written.",
    W,
)

# shared with lint: the compiler meets unknown actions in activities, the rule in policy files
IAM001 = Code(
    "IAM001",
    "Unknown service or action",
    "IAM accepts policies naming actions that do not exist, so a typo silently grants "
    "nothing — or, in a Deny, protects nothing. mlgov checks every action against the IAM "
    "action data (shown by `mlgov --version`) and suggests the nearest known name.",
    bad='{"Effect": "Allow", "Action": "sagemaker:CreateTraningJob", "Resource": "*"}',
    good='{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*"}',
)

__all__ = ["EMITTED", "IAM001", "Code"]  # and every code by its id

EMITTED: tuple[Code, ...] = (
    SRC000,
    SRC001,
    SRC002,
    SRC003,
    SRC004,
    SRC005,
    SRC006,
    SRC007,
    SRC008,
    SRC009,
    SRC010,
    SRC011,
    SRC012,
    SRC013,
    SRC014,
    SRC015,
    SCH001,
    SCH002,
    SCH003,
    SCH004,
    SCH005,
    SCH006,
    SCH007,
    SCH008,
    REF001,
    REF002,
    REF003,
    REF004,
    REF005,
    REF006,
    REF007,
    REF008,
    REF009,
    REF010,
    PAR001,
    PAR002,
    PAR003,
    PAR004,
    CMP001,
    CMP002,
    CMP003,
    CMP004,
    CMP005,
)
