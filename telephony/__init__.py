"""Voice: ConneXML and voice scripts on calls (Class 5), and later the Class 4 core."""
