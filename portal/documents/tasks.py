def register_schedule():
    pass
