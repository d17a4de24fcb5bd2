"""Jupyter's conformance suite (jupyter_kernel_test) against the pyhost kernel, with
my_python_module in the samples. test_jupyter_kernel.py runs it inside the host, where
jupyter_kernel_test is imported: the outer copy of that script runs under a Python that may not
have it.
"""
import math

import jupyter_kernel_test

from jupyter_kernels import PYHOST_KERNEL, TIMEOUT_SECONDS, install_kernelspecs, start_kernel, strip_colours


def setUpModule():
    install_kernelspecs()


class PyhostKernelConformanceTest(jupyter_kernel_test.KernelTests):
    """Jupyter's conformance suite against the pyhost kernel, with my_python_module in the
    samples. The suite's range query of the history is left to HistoryRangeDifferentialTest,
    because a python3 kernel fails it too."""

    kernel_name = PYHOST_KERNEL
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_stderr = "import sys; print('test', file=sys.stderr)"
    # IPython replaces only the text after the dot: the matches are the attributes' names.
    completion_samples = [
        {"text": "my_python_module.sum_", "matches": {"sum_as_string", "sum_list"}},
        {"text": "my_python_module.sum_l", "matches": {"sum_list"}},
    ]
    complete_code_samples = ["1", "print('hello, world')", "import my_python_module",
                             "def f(values):\n    return my_python_module.sum_list(values)\n\n"]
    incomplete_code_samples = ["my_python_module.sum_list([1,", "def f(values):\n    return values",
                               "print('''hello"]
    invalid_code_samples = ["import = 7q", "my_python_module.sum_list([1, 2]))"]
    code_page_something = "my_python_module.sum_list?"
    # A TypeError raised by native code, naming the item's index.
    code_generate_error = "my_python_module.sum_list([1, 'two'])"
    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": "my_python_module.sum_list([1, 2, 3, 2**70])", "result": repr(sum([1, 2, 3, 2**70]))},
        {"code": "my_python_module.sum_list([0.1] * 10)", "result": repr(math.fsum([0.1] * 10))},
        {"code": "my_python_module.sum_as_string(2**64 - 1, 2**63)", "result": repr(str(2**64 - 1 + 2**63))},
    ]
    code_display_data = [
        {"code": "from IPython.display import HTML, display; display(HTML('<b>test</b>'))",
         "mime": "text/html"},
        {"code": "from IPython.display import Math, display; display(Math(r'\\frac{1}{2}'))",
         "mime": "text/latex"},
        {"code": "display(my_python_module.sum_list([1, 2]))", "mime": "text/plain"},
    ]
    code_clear_output = "from IPython.display import clear_output; clear_output()"
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "search")
    code_inspect_sample = "my_python_module.sum_list"

    @classmethod
    def setUpClass(cls):
        # The suite's own setUpClass starts the kernel over TCP.
        cls.km, cls.kc, _ = start_kernel(cls.kernel_name)
        # The completion and inspection samples need the module in the kernel's namespace,
        # and the suite's tests run in alphabetical order, completion first.
        reply = cls.kc.execute_interactive("import my_python_module", timeout=TIMEOUT_SECONDS)
        if reply["content"]["status"] != "ok":
            raise AssertionError(f"the kernel cannot import my_python_module: {reply['content']}")

    def request(self, send):
        msg_id = send()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT_SECONDS)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return reply["content"]

    def test_completion_replaces_the_text_after_the_dot_with_both_native_functions(self):
        self.flush_channels()
        text = "my_python_module.sum_"
        content = self.request(lambda: self.kc.complete(text))
        start, end = content["cursor_start"], content["cursor_end"]
        self.assertEqual(end, len(text))
        completed = {text[:start] + match + text[end:] for match in content["matches"]}
        self.assertEqual(completed, {"my_python_module.sum_as_string", "my_python_module.sum_list"})

    def test_inspection_shows_the_signature_and_the_docstring_of_sum_list(self):
        import my_python_module

        self.flush_channels()
        content = self.request(lambda: self.kc.inspect("my_python_module.sum_list", detail_level=0))
        self.assertTrue(content["found"])
        shown = strip_colours(content["data"]["text/plain"])
        self.assertIn("my_python_module.sum_list(values)", shown)
        self.assertIn(my_python_module.sum_list.__doc__.strip(), shown)

    def test_the_native_error_reaches_the_client_with_its_message(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(self.code_generate_error)
        self.assertEqual(reply["content"]["ename"], "TypeError")
        self.assertRegex(reply["content"]["evalue"], r"\bitem 1\b")
        self.assertEqual([msg["msg_type"] for msg in outputs], ["error"])

    def test_input_reads_the_line_that_the_client_sends_on_stdin(self):
        self.flush_channels()
        msg_id = self.kc.execute("answer = input('a number? ')", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT_SECONDS)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["content"]["prompt"], "a number? ")
        self.assertFalse(request["content"]["password"])
        self.kc.input("41")
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT_SECONDS)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.flush_channels()
        reply, outputs = self.execute_helper("my_python_module.sum_as_string(int(answer), 1)")
        results = [msg["content"]["data"]["text/plain"] for msg in outputs
                   if msg["msg_type"] == "execute_result"]
        self.assertEqual(results, ["'42'"])
