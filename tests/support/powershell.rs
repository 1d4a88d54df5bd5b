//! A small PowerShell tokenizer for the generated scripts: it reads string literals, comments
//! and everything else exactly as PowerShell's tokenizer does for the constructs the scripts
//! use, so a test can check that no value escapes its string literal.
//!
//! PowerShell's rules that matter here (about_Quoting_Rules, and the tokenizer's quote
//! classes): a single-quoted string opens and closes on any of `'` U+2018 U+2019 U+201A U+201B,
//! and two quote characters in a row inside it stand for one; a double-quoted string opens and
//! closes on `"` U+201C U+201D U+201E, expands `$…` and treats a backtick as an escape; `#`
//! starts a comment to the end of the line. Here-strings and block comments are not used by the
//! scripts and are refused rather than guessed.

pub const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
pub const DOUBLE_QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A single-quoted string, with its value as PowerShell reads it.
    Single(String),
    /// A double-quoted string's raw content (escapes and `$` left as written).
    Double(String),
    Comment(String),
    /// Anything else up to whitespace or a quote: command names, parameters, variables,
    /// operators.
    Bare(String),
    Newline,
}

/// The tokens of a script, or what the tokenizer does not follow.
pub fn tokenize(script: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = script.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            tokens.push(Token::Newline);
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '#' {
            let start = i + 1;
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(Token::Comment(text.trim_end_matches('\r').to_owned()));
        } else if c == '<' && chars.get(i + 1) == Some(&'#') {
            return Err("block comment".into());
        } else if c == '@'
            && chars
                .get(i + 1)
                .is_some_and(|n| SINGLE_QUOTES.contains(n) || DOUBLE_QUOTES.contains(n))
        {
            return Err("here-string".into());
        } else if SINGLE_QUOTES.contains(&c) {
            let mut value = String::new();
            i += 1;
            loop {
                let Some(&c) = chars.get(i) else {
                    return Err("unterminated single-quoted string".into());
                };
                if SINGLE_QUOTES.contains(&c) {
                    if chars.get(i + 1).is_some_and(|n| SINGLE_QUOTES.contains(n)) {
                        value.push(chars[i + 1]);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                value.push(c);
                i += 1;
            }
            tokens.push(Token::Single(value));
        } else if DOUBLE_QUOTES.contains(&c) {
            let mut raw = String::new();
            i += 1;
            let mut depth = 0usize;
            loop {
                let Some(&c) = chars.get(i) else {
                    return Err("unterminated double-quoted string".into());
                };
                if c == '`' {
                    raw.push(c);
                    if let Some(&next) = chars.get(i + 1) {
                        raw.push(next);
                    }
                    i += 2;
                    continue;
                }
                if c == '$' && chars.get(i + 1) == Some(&'(') {
                    depth += 1;
                } else if c == ')' && depth > 0 {
                    depth -= 1;
                } else if depth == 0 && DOUBLE_QUOTES.contains(&c) {
                    if chars.get(i + 1).is_some_and(|n| DOUBLE_QUOTES.contains(n)) {
                        raw.push(c);
                        raw.push(chars[i + 1]);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                raw.push(c);
                i += 1;
            }
            tokens.push(Token::Double(raw));
        } else {
            let start = i;
            // A `#` here is part of the word: only at a token's start does it open a comment.
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !SINGLE_QUOTES.contains(&chars[i])
                && !DOUBLE_QUOTES.contains(&chars[i])
            {
                i += 1;
            }
            tokens.push(Token::Bare(chars[start..i].iter().collect()));
        }
    }
    Ok(tokens)
}

/// The variables a double-quoted string expands (`$name`; `$(` subexpressions count as `$(`).
pub fn expansions(raw: &str) -> Vec<String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '`' => i += 2,
            '$' => {
                let start = i;
                i += 1;
                if chars.get(i) == Some(&'(') {
                    found.push("$(".to_owned());
                    continue;
                }
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == ':')
                {
                    i += 1;
                }
                found.push(chars[start..i].iter().collect());
            }
            _ => i += 1,
        }
    }
    found
}
