"""Who may see and do what in the studio."""
import rules

from members.rules import is_member

rules.add_perm("studio.view_photos", is_member)
