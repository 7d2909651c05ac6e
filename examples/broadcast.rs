//! Explains numpy's broadcasting for shapes given on the command line.
//!
//! ```text
//! cargo run --example broadcast -- 2,1,3 4,3
//! cargo run --example broadcast -- --reduce 2,3,4 --axis -1 --keepdims
//! ```
//!
//! The first form prints how the shapes broadcast, axis by axis. The
//! second prints the shape a reduction leaves and how it broadcasts back
//! against its input. `--help` lists the options.

use std::io::{self, Write};
use std::process::ExitCode;

use baretensor::broadcast::{explain, explain_reduction};

const USAGE: &str = "\
usage: broadcast SHAPE...
       broadcast --reduce SHAPE [--axis AXES]... [--keepdims]

Explains how numpy broadcasts shapes together, axis by axis, or the shape
that a reduction such as x.sum(axis=-1) leaves and how it broadcasts back
against x.

  SHAPE            axis lengths separated by commas: 2,1,3 or (2, 1, 3).
                   A shape of one axis may end in a comma: 3 or (3,).
                   () or an empty argument \"\" is the shape of a scalar.
  --reduce SHAPE   explain reducing an x of this shape
  --axis AXES      the axes to reduce, negative counting from the end: -1,
                   a comma list such as 0,2, or () for no axes at all
                   (an empty argument is an error).
                   Repeat the option to add more axes. Without --axis every
                   axis is reduced, as with numpy's axis=None.
  --keepdims       keep each reduced axis with length 1
  -h, --help       print this message and exit

Options also take their value after '=', as in --axis=-1.

exit status: 0 on success, 1 when the shapes given do not broadcast or an
axis to reduce is invalid, 2 for invalid arguments. A reduction whose
result does not broadcast back against x is still explained, with 0.";

/// The request parsed from the command line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Broadcast(Vec<Vec<usize>>),
    Reduce {
        shape: Vec<usize>,
        /// `None` when no `--axis` was given, which reduces every axis.
        axes: Option<Vec<isize>>,
        keepdims: bool,
    },
}

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let status = run(&arguments, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(status)
}

/// Runs the program on `arguments`, without the program name, and returns
/// its exit status.
fn run(arguments: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let command = match parse_arguments(arguments) {
        Ok(command) => command,
        Err(message) => {
            // A closed stderr leaves nothing else to report to.
            let _ = writeln!(stderr, "error: {message}\n\n{USAGE}");
            return 2;
        }
    };

    let (text, valid) = match command {
        Command::Help => (USAGE.to_string(), true),
        Command::Broadcast(shapes) => {
            let shapes: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
            let explanation = explain(&shapes);
            (explanation.to_string(), explanation.result().is_ok())
        }
        Command::Reduce {
            shape,
            axes,
            keepdims,
        } => {
            let axes = axes.unwrap_or_else(|| (0..shape.len() as isize).collect());
            let explanation = explain_reduction(&shape, &axes, keepdims);
            (explanation.to_string(), explanation.result().is_ok())
        }
    };

    if writeln!(stdout, "{text}").is_err() {
        return 1;
    }
    if valid { 0 } else { 1 }
}

fn parse_arguments(arguments: &[String]) -> Result<Command, String> {
    let mut shapes = Vec::new();
    let mut reduce: Option<Vec<usize>> = None;
    let mut axes: Option<Vec<isize>> = None;
    let mut keepdims = false;

    let mut remaining = arguments.iter();
    while let Some(argument) = remaining.next() {
        let (option, attached) = match argument.split_once('=') {
            Some((option, value)) if option.starts_with("--") => (option, Some(value)),
            _ => (argument.as_str(), None),
        };
        // Takes the option's value from after '=' or from the next argument.
        let mut value = |name: &str| match attached {
            Some(value) => Ok(value.to_string()),
            None => remaining
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value")),
        };

        match option {
            "-h" | "--help" => return Ok(Command::Help),
            "--keepdims" if attached.is_none() => keepdims = true,
            "--reduce" => {
                let text = value("--reduce")?;
                if reduce.is_some() {
                    return Err("--reduce is given twice; explain one reduction at a time".into());
                }
                reduce = Some(parse_shape(&text)?);
            }
            "--axis" => {
                let text = value("--axis")?;
                axes.get_or_insert_with(Vec::new).extend(parse_axes(&text)?);
            }
            _ if is_option(argument) => return Err(format!("unknown option '{argument}'")),
            _ => shapes.push(parse_shape(argument)?),
        }
    }

    match reduce {
        Some(shape) if shapes.is_empty() => Ok(Command::Reduce {
            shape,
            axes,
            keepdims,
        }),
        Some(_) => Err("--reduce takes one shape; remove the other shapes".into()),
        None if axes.is_some() || keepdims => {
            Err("--axis and --keepdims need --reduce SHAPE".into())
        }
        None if shapes.is_empty() => Err("no shapes given".into()),
        None => Ok(Command::Broadcast(shapes)),
    }
}

/// Returns whether `argument` looks like an option rather than a shape.
/// `-3` is not an option: it reads as a shape with a negative length,
/// which [`parse_shape`] rejects with a message that names the negative
/// length.
fn is_option(argument: &str) -> bool {
    argument.starts_with('-') && !argument[1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Parses `2,1,3`, `(2, 1, 3)`, `3,`, `(3,)`, and `()` or the empty string
/// for a scalar.
fn parse_shape(text: &str) -> Result<Vec<usize>, String> {
    parse_list(text, "shape")?
        .into_iter()
        .map(|item| match item.parse::<usize>() {
            Ok(length) => Ok(length),
            Err(_) if is_integer(item) && item.starts_with('-') => Err(format!(
                "invalid shape '{text}': the length {item} is negative"
            )),
            Err(_) if is_integer(item) => Err(format!(
                "invalid shape '{text}': the length {item} is too large, the largest is {}",
                usize::MAX
            )),
            Err(_) => Err(format!(
                "invalid shape '{text}': '{item}' is not a length, which must be a \
                 non-negative integer"
            )),
        })
        .collect()
}

/// Parses `-1`, `0,2`, `(0, 2)`, and `()` for no axes.
///
/// An empty argument is rejected rather than read as no axes, because it
/// is what `--axis "$AXES"` passes when the variable is unset, and
/// reducing nothing is the opposite of leaving `--axis` out.
fn parse_axes(text: &str) -> Result<Vec<isize>, String> {
    if text.trim().is_empty() {
        return Err("invalid axis list '': it is empty; write () to reduce no axes".into());
    }
    parse_list(text, "axis list")?
        .into_iter()
        .map(|item| match item.parse::<isize>() {
            Ok(axis) => Ok(axis),
            Err(_) if is_integer(item) => Err(format!(
                "invalid axis list '{text}': the axis {item} is too large in magnitude, \
                 the limit is {}",
                isize::MAX
            )),
            Err(_) => Err(format!(
                "invalid axis list '{text}': '{item}' is not an integer"
            )),
        })
        .collect()
}

/// Returns whether `item` is an optional minus sign followed by decimal
/// digits, so that a failed parse means the number does not fit.
fn is_integer(item: &str) -> bool {
    let digits = item.strip_prefix('-').unwrap_or(item);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}

/// Splits a comma list with optional parentheses into its trimmed items.
/// One trailing comma is allowed after an item, as in numpy's `(3,)`.
fn parse_list<'a>(text: &'a str, kind: &str) -> Result<Vec<&'a str>, String> {
    let trimmed = text.trim();
    let inner = match (trimmed.strip_prefix('('), trimmed.ends_with(')')) {
        (Some(rest), true) => &rest[..rest.len() - 1],
        (None, false) => trimmed,
        _ => return Err(format!("invalid {kind} '{text}': unbalanced parentheses")),
    };
    let inner = inner.trim();
    if inner.is_empty() {
        return Ok(Vec::new());
    }

    let inner = inner.strip_suffix(',').unwrap_or(inner);
    let items: Vec<&str> = inner.split(',').map(str::trim).collect();
    if items.iter().any(|item| item.is_empty()) {
        return Err(format!("invalid {kind} '{text}': it has an empty item"));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs the program and returns its exit status, stdout and stderr.
    fn run_with(arguments: &[&str]) -> (u8, String, String) {
        let arguments: Vec<String> = arguments
            .iter()
            .map(|argument| argument.to_string())
            .collect();
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        let status = run(&arguments, &mut stdout, &mut stderr);
        (
            status,
            String::from_utf8(stdout).expect("stdout is UTF-8"),
            String::from_utf8(stderr).expect("stderr is UTF-8"),
        )
    }

    #[test]
    fn two_shapes_print_explanation() {
        let (status, stdout, stderr) = run_with(&["2,1,3", "4,3"]);
        assert_eq!(status, 0);
        assert_eq!(stdout, format!("{}\n", explain(&[&[2, 1, 3], &[4, 3]])));
        assert_eq!(stderr, "");
    }

    #[test]
    fn shape_spellings_agree() {
        let expected = run_with(&["2,1,3", "3,", "()"]);
        for arguments in [
            ["(2, 1, 3)", "(3,)", ""],
            [" 2 , 1 , 3 ", "3", "( )"],
            ["(2,1,3,)", "(3)", "()"],
        ] {
            assert_eq!(run_with(&arguments), expected, "{arguments:?}");
        }
    }

    #[test]
    fn incompatible_shapes_exit_one() {
        let (status, stdout, stderr) = run_with(&["3", "4"]);
        assert_eq!(status, 1);
        assert!(
            stdout.ends_with("axis -1 has lengths 3 and 4\n"),
            "{stdout}"
        );
        assert_eq!(stderr, "");
    }

    #[test]
    fn many_shapes_are_explained() {
        let (status, stdout, _) = run_with(&["1", "2,1", "3,1,1", "1,1,1,4", "5,1,1,1,1"]);
        assert_eq!(status, 0);
        assert!(stdout.ends_with("result: (5, 1, 3, 2, 4)\n"), "{stdout}");
    }

    #[test]
    fn reduce_with_keepdims() {
        let (status, stdout, stderr) =
            run_with(&["--reduce", "2,3,4", "--axis", "-1", "--keepdims"]);
        assert_eq!(status, 0);
        let expected = explain_reduction(&[2, 3, 4], &[-1], true);
        assert_eq!(stdout, format!("{expected}\n"));
        assert_eq!(stderr, "");
    }

    #[test]
    fn reduce_axis_spellings_agree() {
        let expected = explain_reduction(&[2, 3, 4], &[0, -1], false).to_string() + "\n";
        for arguments in [
            &["--reduce", "2,3,4", "--axis", "0,-1"][..],
            &["--reduce", "2,3,4", "--axis", "0", "--axis", "-1"],
            &["--reduce=2,3,4", "--axis=(0, -1)"],
            &["--axis", "0", "--reduce", "2,3,4", "--axis=-1"],
        ] {
            let (status, stdout, _) = run_with(arguments);
            assert_eq!(status, 0, "{arguments:?}");
            assert_eq!(stdout, expected, "{arguments:?}");
        }
    }

    #[test]
    fn reduce_without_axis_reduces_all() {
        let (status, stdout, _) = run_with(&["--reduce", "2,3"]);
        assert_eq!(status, 0);
        assert_eq!(
            stdout,
            format!("{}\n", explain_reduction(&[2, 3], &[0, 1], false))
        );
    }

    #[test]
    fn reduce_with_empty_axis_list() {
        let (status, stdout, _) = run_with(&["--reduce", "2,3", "--axis", "()"]);
        assert_eq!(status, 0, "--axis ()");
        assert_eq!(
            stdout,
            format!("{}\n", explain_reduction(&[2, 3], &[], false))
        );
    }

    #[test]
    fn reduce_rejects_empty_axis_argument() {
        for empty in ["", " ", "--axis="] {
            let arguments: &[&str] = if empty == "--axis=" {
                &["--reduce", "2,3", "--axis="]
            } else {
                &["--reduce", "2,3", "--axis", empty]
            };
            let (status, stdout, stderr) = run_with(arguments);
            assert_eq!(status, 2, "{arguments:?}");
            assert!(stdout.is_empty(), "{arguments:?}: {stdout}");
            assert!(
                stderr.starts_with(
                    "error: invalid axis list '': it is empty; write () to reduce no axes"
                ),
                "{arguments:?}: {stderr}"
            );
        }
    }

    #[test]
    fn reduce_invalid_axes_exit_one() {
        let (status, stdout, stderr) = run_with(&["--reduce", "2,3", "--axis", "2"]);
        assert_eq!(status, 1);
        assert!(
            stdout.contains("axis 2 is out of range for a tensor of rank 2"),
            "{stdout}"
        );
        assert_eq!(stderr, "");

        let (status, stdout, _) = run_with(&["--reduce", "2,3", "--axis", "1,-1"]);
        assert_eq!(status, 1);
        assert!(
            stdout.contains("axis 1 appears more than once in the axes [1, -1]"),
            "{stdout}"
        );
    }

    #[test]
    fn help_exits_zero() {
        for flag in ["--help", "-h"] {
            let (status, stdout, stderr) = run_with(&["2,3", flag]);
            assert_eq!(status, 0, "{flag}");
            assert_eq!(stdout, format!("{USAGE}\n"), "{flag}");
            assert_eq!(stderr, "", "{flag}");
        }
    }

    #[test]
    fn bad_arguments_exit_two() {
        let cases: [(&[&str], &str); 15] = [
            (&[], "error: no shapes given"),
            (&["2,x"], "error: invalid shape '2,x': 'x' is not a length"),
            (
                &["2,,3"],
                "error: invalid shape '2,,3': it has an empty item",
            ),
            (&[","], "error: invalid shape ',': it has an empty item"),
            (
                &["-3"],
                "error: invalid shape '-3': the length -3 is negative",
            ),
            (
                &["2,-1"],
                "error: invalid shape '2,-1': the length -1 is negative",
            ),
            (
                &["(2,3"],
                "error: invalid shape '(2,3': unbalanced parentheses",
            ),
            (
                &["99999999999999999999999"],
                "the length 99999999999999999999999 is too large",
            ),
            (&["--frobnicate"], "error: unknown option '--frobnicate'"),
            (
                &["--keepdims=yes"],
                "error: unknown option '--keepdims=yes'",
            ),
            (&["--reduce"], "error: --reduce needs a value"),
            (&["--reduce", "2", "--axis", "x"], "'x' is not an integer"),
            (
                &["--reduce", "2", "--axis", "99999999999999999999"],
                "the axis 99999999999999999999 is too large in magnitude",
            ),
            (
                &["2,3", "--axis", "0"],
                "error: --axis and --keepdims need --reduce SHAPE",
            ),
            (
                &["--reduce", "2", "--reduce", "3"],
                "error: --reduce is given twice",
            ),
        ];
        for (arguments, message) in cases {
            let (status, stdout, stderr) = run_with(arguments);
            assert_eq!(status, 2, "{arguments:?}");
            assert_eq!(stdout, "", "{arguments:?}");
            assert!(stderr.contains(message), "{arguments:?}: {stderr}");
            assert!(stderr.ends_with(&format!("{USAGE}\n")), "{arguments:?}");
        }
    }

    #[test]
    fn reduce_with_other_shapes_exits_two() {
        let (status, _, stderr) = run_with(&["--reduce", "2,3", "4"]);
        assert_eq!(status, 2);
        assert!(
            stderr.starts_with("error: --reduce takes one shape"),
            "{stderr}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_arguments_give_a_status(
            arguments in proptest::collection::vec("[-=()0-9, a-z]{0,8}|--axis|--reduce|--keepdims", 0..6),
        ) {
            let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
            let (status, stdout, stderr) = run_with(&arguments);
            prop_assert!(status <= 2);
            prop_assert_eq!(status == 2, !stderr.is_empty());
            prop_assert_eq!(status == 2, stdout.is_empty());
        }
    }
}
