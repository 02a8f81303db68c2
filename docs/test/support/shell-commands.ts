// Splits a shell block into its simple commands, the way bash reads them: words with their quotes
// removed, `\` line continuations, `|`, `&&`, `||`, `;`, `&` and newlines between commands, and
// here-documents (`<<'EOF'`) handed to the command as its standard input. Enough shell to replay
// the guide's cluster blocks offline; `$(...)` stays inside its word, unexpanded.

export interface ShellCommand {
  /** The words after quote removal, e.g. ['kubectl', '-n', 'x', 'get', 'pods']. */
  words: string[];
  /** The command as written, on one line with single spaces (no here-document body). */
  text: string;
  /** The here-document body, when the command reads one. */
  stdin?: string;
}

const OPERATORS = ['&&', '||', '|', ';', '&'];

export function shellCommands(script: string): ShellCommand[] {
  const lines = script.replace(/\\\n/g, ' ').split('\n');
  const commands: ShellCommand[] = [];
  let lineIndex = 0;
  while (lineIndex < lines.length) {
    const line = lines[lineIndex] ?? '';
    lineIndex += 1;
    const pendingHeredocs: { command: ShellCommand; delimiter: string }[] = [];
    let words: string[] = [];
    let word: string | undefined;
    let start = -1;
    const finishWord = (): void => {
      if (word !== undefined) words.push(word);
      word = undefined;
    };
    const finishCommand = (stop: number): void => {
      finishWord();
      if (words.length > 0) {
        const text = line.slice(start, stop).trim().replace(/\s+/g, ' ');
        const command: ShellCommand = { words, text };
        const heredoc = words.findIndex((w) => w.startsWith('<<'));
        if (heredoc !== -1) {
          const delimiter = words[heredoc]?.slice(2) ?? '';
          command.words = words.filter((_, i) => i !== heredoc);
          pendingHeredocs.push({ command, delimiter });
        }
        commands.push(command);
      }
      words = [];
      start = -1;
    };
    let i = 0;
    let end = line.length;
    while (i < line.length) {
      const char = line[i] ?? '';
      if (start === -1 && !/\s/.test(char)) start = i;
      if (/\s/.test(char)) {
        finishWord();
        i += 1;
      } else if (char === '#' && word === undefined) {
        end = i;
        break;
      } else if (char === "'") {
        const end = line.indexOf("'", i + 1);
        word = (word ?? '') + line.slice(i + 1, end === -1 ? undefined : end);
        i = end === -1 ? line.length : end + 1;
      } else if (char === '"') {
        let j = i + 1;
        let text = '';
        while (j < line.length && line[j] !== '"') {
          if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j += 1;
          text += line[j];
          j += 1;
        }
        word = (word ?? '') + text;
        i = j + 1;
      } else if (char === '\\') {
        word = (word ?? '') + (line[i + 1] ?? '');
        i += 2;
      } else if (char === '$' && line[i + 1] === '(') {
        let depth = 0;
        let j = i + 1;
        for (; j < line.length; j += 1) {
          if (line[j] === '(') depth += 1;
          if (line[j] === ')') depth -= 1;
          if (depth === 0) break;
        }
        word = (word ?? '') + line.slice(i, j + 1);
        i = j + 1;
      } else if (char === '<' && line[i + 1] === '<') {
        finishWord();
        word = '<<';
        i += 2;
        while (line[i] === ' ') i += 1;
      } else {
        const operator = OPERATORS.find((op) => line.startsWith(op, i));
        if (operator && !(operator === '&' && line[i - 1] === '>')) {
          finishCommand(i);
          i += operator.length;
        } else {
          word = (word ?? '') + char;
          i += 1;
        }
      }
    }
    finishCommand(end);
    for (const { command, delimiter } of pendingHeredocs) {
      const body: string[] = [];
      while (lineIndex < lines.length && lines[lineIndex] !== delimiter) {
        body.push(lines[lineIndex] ?? '');
        lineIndex += 1;
      }
      lineIndex += 1;
      command.stdin = body.join('\n');
    }
  }
  return commands;
}
