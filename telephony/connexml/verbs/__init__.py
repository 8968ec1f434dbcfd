"""One module per ConneXML verb or noun, registered by element name."""
