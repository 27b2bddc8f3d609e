"""Who may see and do what in Al Multaqa (campaigns)."""
import rules

from members.rules import is_member

rules.add_perm("campaigns.view_campaigns", is_member)
