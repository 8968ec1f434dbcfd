"""Class 5: DIDs and what they reach — ConneXML apps and voice scripts, IVR menus, SIP
users' extensions, ring groups, queues, conference rooms and voicemail boxes."""
