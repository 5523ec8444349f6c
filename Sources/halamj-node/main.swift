print("halamj-node")
