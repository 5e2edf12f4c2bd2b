import type { LanguageSpec } from '../language.js';

export const rubyLanguage: LanguageSpec = {
  id: 'ruby',
  title: 'Ruby scripts through tree-sitter-ruby',
  extensions: ['.rb'],
  interpreters: /^ruby[\d.]*$/,
  valuedOptions: 'eIr',
  inlineOptions: ['-e'],
  grammar: 'ruby',
  emits: [
    'File/IO/CSV reads and writes, FileUtils copies',
    'PG/Mysql2/SQLite3/Sequel queries with SQL',
    'Net::HTTP/open-uri/HTTParty endpoints',
    'system/backticks/%x/Open3 commands',
    'ARGV and OptionParser bound from the caller',
    'interpolated and File.join paths',
    'YAML/JSON config under ROOT',
    "the script's own methods walked per call with known arguments (defaults, keywords), their last value",
    "require_relative/load of a file on the server walked here (its constants and methods are the script's)",
  ],
  misses: ['ActiveRecord models without raw SQL', 'metaprogrammed calls (send, define_method)'],
  tests: 'test/extract/ruby/',
};
