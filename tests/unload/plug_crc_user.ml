let uses_version = Plug_crc_lib.version
