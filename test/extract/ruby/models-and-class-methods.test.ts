/**
 * Ruby jobs built of classes: ActiveRecord models loaded through a glob of requires, class methods
 * (`def self.x`, `class << self`, inherited), and Net::HTTP sessions with request objects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSnippet, keys } from '../../helpers/script.js';

const rb = (text: string, files: Record<string, string> = {}) =>
  extractSnippet('ruby', text, { path: '/srv/billing/nightly.rb', files });

const MODELS = {
  '/srv/billing/models/invoice.rb':
    'class Invoice < ActiveRecord::Base\n  def self.settle(day)\n    where(due: day).each { |i| puts i }\n    Invoice.where(paid: false).first.update(paid: true)\n  end\nend\n',
  '/srv/billing/models/category.rb':
    "class Category < ApplicationRecord\n  self.table_name = 'legacy_cats'\nend\n",
  '/srv/billing/models/customer_address.rb': 'class CustomerAddress < ActiveRecord::Base\nend\n',
  '/srv/billing/config/db.yml': 'adapter: sqlite3\ndatabase: data/billing.sqlite3\n',
};

describe('Ruby extractor: ActiveRecord models and class methods', () => {
  it('models required through Dir.glob(File.join(dir, "models/*.rb")) read and write their tables', async () => {
    const x = await rb(
      "root = File.dirname(File.absolute_path(__FILE__))\nDir.glob(File.join(root, 'models/*.rb')).each { |f| require f }\nActiveRecord::Base.establish_connection(YAML.load(File.read('config/db.yml')))\nInvoice.settle('2024-01-31')\nCategory.create!(name: 'x')\nCustomerAddress.find_each { |a| a.destroy }\n",
      MODELS,
    );
    const db = 'table:sqlite:///srv/billing/data/billing.sqlite3';
    assert.deepEqual(keys(x.reads), [
      'file:/srv/billing/config/db.yml',
      `${db}/customer_addresses`,
      `${db}/invoices`,
    ]);
    assert.deepEqual(keys(x.writes), [`${db}/customer_addresses`, `${db}/invoices`, `${db}/legacy_cats`]);
  });

  it('a class that is not a model names no table; a lookup that is not a finder reads nothing', async () => {
    const x = await rb(
      "class Report\n  def self.where(x)\n    File.read('/srv/billing/report.tpl')\n  end\nend\nReport.where(1)\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/billing/report.tpl']);
    assert.deepEqual(keys(x.writes), []);
  });

  it('class methods from class << self and a superclass, with receiverless calls inside', async () => {
    const x = await rb(
      "class Exporter\n  class << self\n    def run(name)\n      File.write(target(name), 'x')\n    end\n\n    def target(name)\n      \"/srv/out/#{name}.csv\"\n    end\n  end\nend\nclass CardExporter < Exporter\nend\nCardExporter.run('cards')\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/out/cards.csv']);
  });

  it('Net::HTTP.new(uri.host, uri.port) sends Net::HTTP::Get.new(uri.request_uri); Post on a start session writes', async () => {
    const x = await rb(
      "uri = URI.parse(\"https://rates.example.org/v2/daily?d=#{ARGV[0]}\")\nhttp = Net::HTTP.new(uri.host, uri.port)\nhttp.use_ssl = true\nres = http.request(Net::HTTP::Get.new(uri.request_uri))\nNet::HTTP.start('hooks.example.net', 8443, use_ssl: true) do |s|\n  s.request(Net::HTTP::Post.new('/notify'))\nend\n",
    );
    assert.deepEqual(keys(x.reads), ['endpoint:https://rates.example.org/v2/daily']);
    assert.deepEqual(keys(x.writes), ['endpoint:https://hooks.example.net:8443/notify']);
  });
});
