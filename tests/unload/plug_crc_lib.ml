(* Imported by plug_crc_user, which was compiled against another version
   of this interface: the loader must refuse the pair (gen.sh stamps the
   two listings with different CRCs, as two .cmi versions would). *)
let version = 2
