print("halamj-hub")
