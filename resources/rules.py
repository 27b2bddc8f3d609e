"""Who may see and do what in the resources portal."""
import rules

from members.rules import is_member

rules.add_perm("resources.view_resources", is_member)
