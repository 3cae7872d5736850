(* Reading stdin one character at a time with caml_ml_input_char until
   End_of_file: counts lines, words and characters (like wc), counts
   letters, and echoes the input with each line reversed (a last line
   without a newline included).  Self-contained; input in
   stdin_chars.stdin. *)

type in_channel
type out_channel

external open_descriptor_in : int -> in_channel = "caml_ml_open_descriptor_in"
external open_descriptor_out : int -> out_channel = "caml_ml_open_descriptor_out"
external input_char : in_channel -> char = "caml_ml_input_char"
external output_char : out_channel -> char -> unit = "caml_ml_output_char"
external output : out_channel -> string -> int -> int -> unit = "caml_ml_output"
external flush : out_channel -> unit = "caml_ml_flush"
external string_length : string -> int = "%string_length"
external format_int : string -> int -> string = "caml_format_int"
external make : int -> 'a -> 'a array = "caml_make_vect"
external get : 'a array -> int -> 'a = "%array_safe_get"
external set : 'a array -> int -> 'a -> unit = "%array_safe_set"
external code : char -> int = "%identity"
external chr : int -> char = "%identity"
external ( + ) : int -> int -> int = "%addint"
external ( - ) : int -> int -> int = "%subint"
external ( > ) : int -> int -> bool = "%greaterthan"
external ( = ) : char -> char -> bool = "%equal"
external ( >= ) : char -> char -> bool = "%greaterequal"
external ( <= ) : char -> char -> bool = "%lessequal"
external ( && ) : bool -> bool -> bool = "%sequand"
external ( || ) : bool -> bool -> bool = "%sequor"
external not : bool -> bool = "%boolnot"

let stdin = open_descriptor_in 0
let stdout = open_descriptor_out 1
let print_string s = output stdout s 0 (string_length s)
let print_int n = print_string (format_int "%d" n)

type stats = {
  mutable lines : int;
  mutable words : int;
  mutable chars : int;
  mutable in_word : bool;
}

let letters = make 26 0

let is_space c = c = ' ' || c = '\t' || c = '\n' || c = '\r'

let lower c = if c >= 'A' && c <= 'Z' then chr (code c + 32) else c

(* [line] holds the current line's characters, last one first, so printing
   it from the front prints the line reversed. *)
let rec print_chars = function [] -> () | c :: rest -> output_char stdout c; print_chars rest

let rec loop st line =
  match input_char stdin with
  | c ->
    st.chars <- st.chars + 1;
    if is_space c then st.in_word <- false
    else if not st.in_word then begin st.in_word <- true; st.words <- st.words + 1 end;
    let l = lower c in
    if l >= 'a' && l <= 'z' then begin
      let k = code l - code 'a' in
      set letters k (get letters k + 1)
    end;
    if c = '\n' then begin
      st.lines <- st.lines + 1;
      print_chars line; output_char stdout '\n';
      loop st []
    end else loop st (c :: line)
  | exception End_of_file ->
    match line with
    | [] -> ()
    | _ -> print_chars line; print_string " (no final newline)\n"

let () =
  let st = { lines = 0; words = 0; chars = 0; in_word = false } in
  loop st [];
  print_string "lines "; print_int st.lines;
  print_string ", words "; print_int st.words;
  print_string ", chars "; print_int st.chars; print_string "\n";
  for k = 0 to 25 do
    let n = get letters k in
    if n > 0 then begin
      output_char stdout (chr (code 'a' + k)); print_string ":"; print_int n;
      print_string " "
    end
  done;
  print_string "\n";
  (* reading again at end of file raises again *)
  (match input_char stdin with
   | _ -> print_string "unexpected character\n"
   | exception End_of_file -> print_string "still at end of file\n");
  flush stdout
