"""`briefing serve` without a server: who may listen where, the command each tab runs, the refusals.

The server itself, a browser on it and Ctrl+C are in tests/e2e/test_serve.py.
"""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from briefing.cli import build_parser, main
from briefing.ui.serve import is_loopback, listen_problem, refusal, session_command


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_addresses_stay_on_this_machine(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", "localhost.example.org",
                                  ""])
def test_any_other_address_or_name_counts_as_public(host):
    assert not is_loopback(host)


def test_a_public_address_is_refused_without_public_and_warned_about_with_it(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "anyone who can reach it can read this briefing (there is no login)" in err
    assert "add --public" in err


def test_refusing_imports_no_server():
    # The refusal comes before textual_serve (and aiohttp) are imported: and the reader never imports them.
    code = ("import sys; from briefing.cli import main; status = main(['serve', '--host', '192.0.2.1']);"
            "import briefing.ui.app, briefing.ui.launch;"
            "print(status, sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.stdout.split(None, 1) == ["2", "[]\n"], done.stdout + done.stderr


def test_serve_takes_the_content_theme_host_port_and_public_options():
    args = build_parser().parse_args(["serve", "--content", "my dir", "--theme", "light", "--host", "0.0.0.0",
                                      "--port", "9000", "--public"])
    assert (args.command, args.content, args.theme, args.host, args.port, args.public) == (
        "serve", "my dir", "light", "0.0.0.0", 9000, True)
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.host, defaults.port, defaults.public, defaults.theme) == ("127.0.0.1", 8000, False, None)


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_port_outside_1_to_65535_is_a_usage_error(port, capsys):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["serve", "--port", port])
    assert stopped.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_each_tab_runs_the_reader_on_the_same_folder_quoted_for_the_shell(tmp_path):
    folder = tmp_path / "Peace talks; it's $HOME `here`"
    words = shlex.split(session_command(folder, "high-contrast"))
    assert words == [sys.executable, "-m", "briefing", f"--content={folder}", "--theme=high-contrast"]
    assert shlex.split(session_command(folder, None))[-1] == f"--content={folder}"


def test_the_tab_command_opens_the_reader_the_command_line_reads(tmp_path):
    folder = tmp_path / "a folder with spaces"
    from briefing.cli import quick_arguments

    args = quick_arguments(shlex.split(session_command(folder, "light"))[3:])
    assert args is not None and (args.command, args.content, args.theme) == (None, str(folder), "light")


def test_missing_content_and_unknown_themes_are_said_before_serving(tmp_path, capsys):
    assert main(["serve", "--content", str(tmp_path / "nowhere"), "--port", "8799"]) == 1
    assert capsys.readouterr().err == f"briefing: {tmp_path / 'nowhere'}: content directory not found\n"
    assert main(["serve", "--theme", "no-such-theme", "--port", "8799"]) == 1
    assert "unknown theme 'no-such-theme'" in capsys.readouterr().err


def test_a_port_in_use_is_said_in_one_line(content_dir, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert listen_problem("127.0.0.1", port) == "Address already in use"
        assert main(["serve", "--content", str(content_dir), "--port", str(port)]) == 1
    assert capsys.readouterr().err == f"briefing serve: cannot listen on 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.parametrize("host, origin", [("127.0.0.1:8000", None), ("127.0.0.1:8000", "http://127.0.0.1:8000"),
                                          ("localhost:8000", "http://localhost:8000"), ("[::1]:8000", "http://[::1]:8000")])
def test_the_servers_own_page_is_served(host, origin):
    assert refusal(host, origin, public=False) is None


def test_another_sites_page_gets_no_session():
    assert "own page" in refusal("127.0.0.1:8000", "http://evil.example", public=False)
    assert "own page" in refusal("briefing.example:8000", "http://evil.example", public=True)


def test_on_loopback_a_name_pointed_at_it_by_someone_else_is_refused():
    # DNS rebinding: evil.example resolved to 127.0.0.1 is its own origin, so the Host decides.
    assert "loopback names" in refusal("evil.example:8000", "http://evil.example:8000", public=False)
    assert refusal("briefing.example:8000", "http://briefing.example:8000", public=True) is None

