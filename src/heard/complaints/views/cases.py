"""The case list, "my cases", a new complaint and the case page. (To be built.)"""
