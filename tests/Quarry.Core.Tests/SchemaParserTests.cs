using System.Text.Json;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

public class SchemaParserTests
{
    /// <summary>JSON written with single quotes, so the tables stay readable.</summary>
    private static JsonElement Json(string json) => RawJson(json.Replace('\'', '"'));

    private static JsonElement RawJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static SchemaDefinition Valid(string json) => ValidRaw(json.Replace('\'', '"'));

    private static SchemaDefinition ValidRaw(string json)
    {
        var (schema, errors) = SchemaParser.Parse(RawJson(json));
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.NotNull(schema);
        return schema;
    }

    private static string Canonical(IEnumerable<FieldDefinition> fields) => SchemaWriter.FieldList(fields).ToJsonString();

    private const string ExpectedInvoiceFields =
        "[{'name':'invoice_number','type':'string','required':false},"
        + "{'name':'total','type':'currency_amount','required':false},"
        + "{'name':'issued','type':'date','required':false}]";

    [Theory]
    // (3) name → type map
    [InlineData("{'name':'Invoice','fields':{'invoice_number':'string','total':'currency_amount','issued':'date'}}")]
    // (2) list of field objects
    [InlineData("{'name':'Invoice','fields':[{'name':'invoice_number','type':'string'},{'name':'total','type':'currency_amount'},{'name':'issued','type':'date','required':false}]}")]
    // (1) JSON Schema under json_schema
    [InlineData("{'name':'Invoice','json_schema':{'type':'object','properties':{'invoice_number':{'type':'string'},'total':{'type':'number','x-quarry-type':'currency_amount'},'issued':{'type':'string','format':'date'}}}}")]
    // (1) bare JSON Schema with a title
    [InlineData("{'$schema':'https://json-schema.org/draft/2020-12/schema','title':'Invoice','type':'object','properties':{'invoice_number':{'type':'string'},'total':{'type':'number','x-quarry-type':'currency_amount'},'issued':{'type':'string','format':'date'}}}")]
    public void AllThreeFormsGiveTheSameFields(string json)
    {
        var schema = Valid(json);
        Assert.Equal("Invoice", schema.Name);
        Assert.Equal(ExpectedInvoiceFields.Replace('\'', '"'), Canonical(schema.Fields));
    }

    [Fact]
    public void NameAndDescriptionAreRead()
    {
        var schema = Valid("{'name':'  Invoice  ','description':'Supplier invoices','fields':{'total':'number'}}");
        Assert.Equal("Invoice", schema.Name);
        Assert.Equal("Supplier invoices", schema.Description);

        var bare = Valid("{'title':'Receipt','description':'Till receipts','properties':{'total':{'type':'number'}}}");
        Assert.Equal("Receipt", bare.Name);
        Assert.Equal("Till receipts", bare.Description);
    }

    [Fact]
    public void JsonSchemaKeywordsBecomeFieldProperties()
    {
        var schema = Valid("""
            {'name':'Invoice','json_schema':{
              'type':'object',
              'required':['invoice_number','total','line_items'],
              'properties':{
                'invoice_number':{'type':'string','description':'The supplier number','pattern':'^INV-[0-9]+$','x-aliases':['Invoice No','Bill #']},
                'issued':{'type':'string','format':'date'},
                'created_at':{'type':'string','format':'date-time'},
                'term':{'type':'string','format':'duration'},
                'contact':{'type':'string','format':'email'},
                'site':{'type':'string','format':'uri'},
                'host':{'type':['null','string'],'format':'hostname'},
                'total':{'type':'number','x-quarry-type':'currency_amount','minimum':0,'maximum':'1000000.50'},
                'vat_rate':{'type':'number','x-quarry-type':'percentage'},
                'iban':{'type':['string','null'],'x-quarry-type':'iban'},
                'count':{'type':'integer','maximum':10},
                'paid':{'type':'boolean'},
                'status':{'enum':['paid','unpaid']},
                'priority':{'type':'string','enum':['low','high']},
                'tags':{'type':'array','items':{'type':'string','format':'email'}},
                'line_items':{'type':'array','items':{'type':'object','required':['description'],'properties':{
                  'description':{'type':'string'},
                  'amount':{'type':'number','x-quarry-type':'currency_amount'}}}}
              }}}
            """);
        FieldDefinition[] expected =
        [
            new("invoice_number", FieldType.String, Required: true, Description: "The supplier number", Aliases: ["Invoice No", "Bill #"], Pattern: "^INV-[0-9]+$"),
            new("issued", FieldType.Date),
            new("created_at", FieldType.DateTime),
            new("term", FieldType.Duration),
            new("contact", FieldType.Email),
            new("site", FieldType.Url),
            new("host", FieldType.String, Format: "hostname"),
            new("total", FieldType.CurrencyAmount, Required: true, Min: 0, Max: 1000000.50m),
            new("vat_rate", FieldType.Percentage),
            new("iban", FieldType.Iban),
            new("count", FieldType.Integer, Max: 10),
            new("paid", FieldType.Boolean),
            new("status", FieldType.Enum, Enum: ["paid", "unpaid"]),
            new("priority", FieldType.Enum, Enum: ["low", "high"]),
            new("tags", FieldType.Array, Items: new ArrayItems(FieldType.Email, null)),
            new("line_items", FieldType.Array, Required: true, Items: new ArrayItems(null,
            [
                new("description", FieldType.String, Required: true),
                new("amount", FieldType.CurrencyAmount),
            ])),
        ];
        Assert.Equal(Canonical(expected), Canonical(schema.Fields));
        Assert.Equal(FieldType.Email, schema.Fields.Single(f => f.Name == "tags").Items!.ScalarType);
        Assert.Null(schema.Fields.Single(f => f.Name == "issued").Format);
    }

    [Fact]
    public void FieldListFormReadsEveryKey()
    {
        var schema = Valid("""
            {'name':'Invoice','fields':[
              {'name':'invoice_number','type':'string','required':true,'description':'d','aliases':['Invoice No'],'format':'code','pattern':'^[A-Z]+$'},
              {'name':'status','type':'enum','enum':['open','closed']},
              {'name':'size','type':'string','enum':['S','M','L']},
              {'name':'total','type':'currency_amount','min':0,'max':'99.5'},
              {'name':'tags','type':'array','items':'string','max':3},
              {'name':'dates','type':'array','items':{'type':'date'}},
              {'name':'line_items','type':'array','min':1,'items':{'fields':[{'name':'sku','type':'string','required':true},{'name':'qty','type':'integer'}]}}
            ]}
            """);
        FieldDefinition[] expected =
        [
            new("invoice_number", FieldType.String, true, "d", ["Invoice No"], "code", "^[A-Z]+$"),
            new("status", FieldType.Enum, Enum: ["open", "closed"]),
            new("size", FieldType.String, Enum: ["S", "M", "L"]),
            new("total", FieldType.CurrencyAmount, Min: 0, Max: 99.5m),
            new("tags", FieldType.Array, Max: 3, Items: new ArrayItems(FieldType.String, null)),
            new("dates", FieldType.Array, Items: new ArrayItems(FieldType.Date, null)),
            new("line_items", FieldType.Array, Min: 1, Items: new ArrayItems(null,
                [new("sku", FieldType.String, Required: true), new("qty", FieldType.Integer)])),
        ];
        Assert.Equal(Canonical(expected), Canonical(schema.Fields));
    }

    /// <summary>Every type and option the canonical form can carry.</summary>
    private static readonly FieldDefinition[] AllKinds =
    [
        new("invoice_number", FieldType.String, Required: true, Description: "The supplier's number", Aliases: ["Invoice No", "Bill #"], Pattern: "^[A-Z0-9-]+$"),
        new("vendor_host", FieldType.String, Format: "hostname"),
        new("size", FieldType.String, Enum: ["S", "M", "L"]),
        new("quantity", FieldType.Number, Min: 0, Max: 1000.5m),
        new("line_count", FieldType.Integer, Min: 1),
        new("paid", FieldType.Boolean),
        new("issued", FieldType.Date, Required: true),
        new("created_at", FieldType.DateTime),
        new("term", FieldType.Duration),
        new("total", FieldType.CurrencyAmount, Required: true, Min: 0),
        new("currency", FieldType.CurrencyCode),
        new("email", FieldType.Email),
        new("phone", FieldType.Phone),
        new("website", FieldType.Url),
        new("iban", FieldType.Iban),
        new("vat_rate", FieldType.Percentage, Max: 100),
        new("status", FieldType.Enum, Description: "Payment state", Enum: ["paid", "unpaid", "overdue"]),
        new("tags", FieldType.Array, Items: new ArrayItems(FieldType.String, null)),
        new("due_dates", FieldType.Array, Items: new ArrayItems(FieldType.Date, null)),
        new("amounts", FieldType.Array, Items: new ArrayItems(FieldType.CurrencyAmount, null)),
        new("line_items", FieldType.Array, Min: 1, Max: 50, Items: new ArrayItems(null,
        [
            new("description", FieldType.String, Required: true),
            new("amount", FieldType.CurrencyAmount),
            new("unit", FieldType.Enum, Enum: ["pcs", "h"]),
        ])),
    ];

    [Fact]
    public void FieldsRoundTripThroughJsonSchema()
    {
        var json = SchemaWriter.JsonSchema(new SchemaDefinition("Invoice", "Supplier invoices", AllKinds));
        var back = ValidRaw(json.ToJsonString());
        Assert.Equal("Invoice", back.Name);
        Assert.Equal("Supplier invoices", back.Description);
        Assert.Equal(Canonical(AllKinds), Canonical(back.Fields));
    }

    [Fact]
    public void FieldsRoundTripThroughTheStoredFieldList()
    {
        var stored = SchemaWriter.FieldList(AllKinds).ToJsonString();
        var back = SchemaParser.ParseStoredFields(RawJson(stored));
        Assert.Equal(stored, Canonical(back));

        var body = ValidRaw("{\"name\":\"Invoice\",\"fields\":" + stored + "}");
        Assert.Equal(stored, Canonical(body.Fields));
    }

    [Fact]
    public void WriterMarksTypesJsonSchemaHasNoWordFor()
    {
        var json = SchemaWriter.JsonSchema(new SchemaDefinition("T", null,
        [
            new("total", FieldType.CurrencyAmount, Required: true),
            new("iban", FieldType.Iban),
            new("issued", FieldType.Date),
        ]));
        Assert.Equal(
            "{'$schema':'https://json-schema.org/draft/2020-12/schema','title':'T','type':'object','properties':{"
            + "'total':{'type':'number','x-quarry-type':'currency_amount'},"
            + "'iban':{'type':'string','x-quarry-type':'iban'},"
            + "'issued':{'type':'string','format':'date'}},"
            + "'required':['total']}",
            json.ToJsonString().Replace('"', '\''));
    }

    [Fact]
    public void StoredFieldsThatAreInvalidThrow() =>
        Assert.Throws<InvalidOperationException>(() => SchemaParser.ParseStoredFields(Json("[{'name':'a','type':'money'}]")));

    [Theory]
    // the body
    [InlineData("[1,2]", "body", "must be a JSON object")]
    [InlineData("'fields'", "body", "must be a JSON object")]
    [InlineData("{'fields':{'a':'string'}}", "name", "needs a name")]
    [InlineData("{'name':'  ','fields':{'a':'string'}}", "name", "needs a name")]
    [InlineData("{'properties':{'a':{'type':'string'}}}", "title", "needs a name")]
    [InlineData("{'name':'X','description':5,'fields':{'a':'string'}}", "description", "Must be a string")]
    [InlineData("{'name':'X','colour':'red','fields':{'a':'string'}}", "colour", "Unknown property 'colour'")]
    [InlineData("{'name':'X','fields':{'a':'string'},'json_schema':{'properties':{'a':{'type':'string'}}}}", "fields", "not both")]
    // no fields
    [InlineData("{'name':'X'}", "fields", "needs fields")]
    [InlineData("{'name':'X','fields':[]}", "fields", "at least one field")]
    [InlineData("{'name':'X','fields':{}}", "fields", "at least one field")]
    [InlineData("{'name':'X','fields':5}", "fields", "Must be an array of field objects or a map")]
    [InlineData("{'name':'X','json_schema':{'type':'object','properties':{}}}", "fields", "at least one field")]
    [InlineData("{'name':'X','json_schema':{'type':'object'}}", "json_schema.properties", "needs properties")]
    [InlineData("{'name':'X','json_schema':[]}", "json_schema", "Must be a JSON Schema object")]
    [InlineData("{'name':'X','json_schema':{'type':'array','properties':{'a':{'type':'string'}}}}", "json_schema.type", "must be of type object")]
    // unknown type
    [InlineData("{'name':'X','fields':[{'name':'a','type':'money'}]}", "fields[0].type", "Unknown type 'money'")]
    [InlineData("{'name':'X','fields':[{'name':'a'}]}", "fields[0].type", "needs a type")]
    [InlineData("{'name':'X','fields':{'a':'money'}}", "fields.a", "Unknown type \"money\"")]
    [InlineData("{'name':'X','fields':{'a':5}}", "fields.a", "Unknown type 5")]
    [InlineData("{'name':'X','json_schema':{'properties':{'a':{'type':'string','x-quarry-type':'money'}}}}", "json_schema.properties.a.x-quarry-type", "Unknown type 'money'")]
    [InlineData("{'title':'X','properties':{'a':{'type':'object'}}}", "properties.a.type", "Type 'object' is not supported")]
    [InlineData("{'title':'X','properties':{'a':{'description':'no type'}}}", "properties.a.type", "needs a type")]
    [InlineData("{'title':'X','properties':{'a':'string'}}", "properties.a", "must be a JSON Schema object")]
    // duplicate names
    [InlineData("{'name':'X','fields':[{'name':'a','type':'string'},{'name':'a','type':'number'}]}", "fields", "'a' is used more than once")]
    [InlineData("{'name':'X','fields':{'a':'string','a':'number'}}", "fields", "'a' is used more than once")]
    [InlineData("{'title':'X','properties':{'a':{'type':'string'},'a':{'type':'number'}}}", "properties", "'a' is used more than once")]
    [InlineData("{'name':'X','fields':[{'name':'li','type':'array','items':{'fields':[{'name':'a','type':'string'},{'name':'a','type':'string'}]}}]}", "fields[0].items.fields", "'a' is used more than once")]
    // invalid field names
    [InlineData("{'name':'X','fields':[{'name':'1st','type':'string'}]}", "fields[0].name", "'1st' is not a valid field name")]
    [InlineData("{'name':'X','fields':[{'name':'','type':'string'}]}", "fields[0].name", "'' is not a valid field name")]
    [InlineData("{'name':'X','fields':[{'name':5,'type':'string'}]}", "fields[0].name", "Must be a string")]
    [InlineData("{'name':'X','fields':{'total amount':'number'}}", "fields.total amount", "'total amount' is not a valid field name")]
    [InlineData("{'title':'X','properties':{'bad-name':{'type':'string'}}}", "properties.bad-name", "'bad-name' is not a valid field name")]
    [InlineData("{'name':'X','fields':[{'name':'a2345678901234567890123456789012345678901234567890123456789012345','type':'string'}]}", "fields[0].name", "at most 64 characters")]
    // invalid regular expressions
    [InlineData("{'name':'X','fields':[{'name':'a','type':'string','pattern':'([a-z'}]}", "fields[0].pattern", "Not a valid regular expression")]
    [InlineData("{'name':'X','json_schema':{'properties':{'a':{'type':'string','pattern':'[z-a]'}}}}", "json_schema.properties.a.pattern", "Not a valid regular expression")]
    // unknown properties of a field
    [InlineData("{'name':'X','fields':[{'name':'a','type':'string','requried':true}]}", "fields[0].requried", "Unknown property 'requried'")]
    // enum
    [InlineData("{'name':'X','fields':[{'name':'s','type':'enum'}]}", "fields[0].enum", "needs a non-empty list of values")]
    [InlineData("{'name':'X','fields':[{'name':'s','type':'enum','enum':[]}]}", "fields[0].enum", "needs a non-empty list of values")]
    [InlineData("{'name':'X','fields':[{'name':'s','type':'enum','enum':[1,2]}]}", "fields[0].enum", "Must be an array of strings")]
    [InlineData("{'name':'X','fields':[{'name':'n','type':'number','enum':['1']}]}", "fields[0].enum", "Only enum and string fields")]
    [InlineData("{'name':'X','fields':{'s':'enum'}}", "fields.s", "use the fields list form to give its enum values")]
    // arrays
    [InlineData("{'name':'X','fields':[{'name':'t','type':'array'}]}", "fields[0].items", "An array field needs items")]
    [InlineData("{'name':'X','fields':{'t':'array'}}", "fields.t", "use the fields list form to give its items")]
    [InlineData("{'name':'X','fields':[{'name':'t','type':'array','items':'money'}]}", "fields[0].items", "Unknown or unsupported item type 'money'")]
    [InlineData("{'name':'X','fields':[{'name':'t','type':'array','items':'array'}]}", "fields[0].items", "Unknown or unsupported item type 'array'")]
    [InlineData("{'name':'X','fields':[{'name':'t','type':'array','items':{'fields':[]}}]}", "fields[0].items.fields", "at least one field")]
    [InlineData("{'name':'X','fields':[{'name':'t','type':'array','items':5}]}", "fields[0].items", "items is a type name")]
    [InlineData("{'name':'X','fields':[{'name':'t','type':'string','items':'string'}]}", "fields[0].items", "Only array fields take items")]
    [InlineData("{'name':'X','fields':[{'name':'li','type':'array','items':{'fields':[{'name':'a','type':'string'},{'name':'b','type':'money'}]}}]}", "fields[0].items.fields[1].type", "Unknown type 'money'")]
    [InlineData("{'title':'X','properties':{'t':{'type':'array'}}}", "properties.t.items", "needs an items schema")]
    [InlineData("{'title':'X','properties':{'t':{'type':'array','items':{'type':'array'}}}}", "properties.t.items", "Arrays of arrays are not supported")]
    [InlineData("{'title':'X','properties':{'li':{'type':'array','items':{'type':'object','properties':{'q':{'type':'nope'}}}}}}", "properties.li.items.properties.q.type", "Type 'nope' is not supported")]
    // other field options
    [InlineData("{'name':'X','fields':[{'name':'a','type':'string','required':'yes'}]}", "fields[0].required", "Must be true or false")]
    [InlineData("{'name':'X','fields':[{'name':'a','type':'string','min':1}]}", "fields[0].min", "min and max apply to numeric fields")]
    [InlineData("{'name':'X','fields':[{'name':'a','type':'number','min':5,'max':1}]}", "fields[0].min", "min must not exceed max")]
    [InlineData("{'name':'X','fields':[{'name':'a','type':'number','max':'lots'}]}", "fields[0].max", "Must be a number")]
    [InlineData("{'name':'X','fields':[{'name':'a','type':'string','aliases':'A'}]}", "fields[0].aliases", "Must be an array of strings")]
    [InlineData("{'name':'X','fields':['a']}", "fields[0]", "Each field must be an object")]
    [InlineData("{'title':'X','properties':{'a':{'type':'string'}},'required':['b']}", "required", "'b' is required but is not among the properties")]
    [InlineData("{'title':'X','properties':{'a':{'type':'string'}},'required':'a'}", "required", "Must be an array of property names")]
    public void ReportsEachProblemAtItsPath(string json, string path, string message)
    {
        var (schema, errors) = SchemaParser.Parse(Json(json));
        Assert.Null(schema);
        Assert.Equal([path], errors.Keys.ToArray());
        Assert.Contains(errors[path], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void ReportsEveryProblemNotJustTheFirst()
    {
        var (schema, errors) = SchemaParser.Parse(Json(
            "{'name':'X','fields':[{'name':'1a','type':'money'},{'name':'ok','type':'string'},{'name':'s','type':'enum','pattern':'('}]}"));
        Assert.Null(schema);
        Assert.Equal(["fields[0].name", "fields[0].type", "fields[2].enum", "fields[2].pattern"], errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void LimitsTheNumberOfFields()
    {
        var map = string.Join(",", Enumerable.Range(0, SchemaParser.MaxFields + 1).Select(i => $"\"f{i}\":\"string\""));
        var (schema, errors) = SchemaParser.Parse(RawJson("{\"name\":\"X\",\"fields\":{" + map + "}}"));
        Assert.Null(schema);
        Assert.Equal(["fields"], errors.Keys.ToArray());
        Assert.Contains("at most 500 fields", errors["fields"][0], StringComparison.Ordinal);

        var atLimit = string.Join(",", Enumerable.Range(0, SchemaParser.MaxFields).Select(i => $"\"f{i}\":\"string\""));
        Assert.Equal(SchemaParser.MaxFields, ValidRaw("{\"name\":\"X\",\"fields\":{" + atLimit + "}}").Fields.Count);
    }
}
