"""Notifications: one service, `notify(recipients, kind, target, ...)`, for every portal.

Apps register their kinds of notification (`kinds.register`) from their AppConfig.ready(); the
service stores the in-app notifications in bulk and queues e-mail for those who want it at once;
the daily digest collects the rest. See services.py for the rules it keeps.
"""
