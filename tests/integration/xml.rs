//! A light XML reader for the tests: there is no XML crate in the tree, and the sitemap only
//! needs well-formedness checked and its elements read.

/// An XML element, as far as these tests look at one.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {name} on <{}>", self.name))
    }

    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn only(&self, name: &str) -> &Element {
        let found: Vec<&Element> = self.children.iter().filter(|c| c.name == name).collect();
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }
}

/// A light well-formedness check and parse (there is no XML crate in the tree): the
/// declaration, then elements that nest and close, attributes in double quotes, and no `&`
/// but the five predefined entities.
pub fn parse_xml(xml: &str) -> Element {
    let mut rest = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").expect("an XML declaration first");
    let mut stack = vec![Element::default()];
    while let Some(start) = rest.find('<') {
        let text = unescape(&rest[..start]);
        let end = start + rest[start..].find('>').expect("tags close");
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        stack.last_mut().unwrap().text.push_str(&text);
        if let Some(name) = tag.strip_prefix('/') {
            let element = stack.pop().unwrap();
            assert_eq!(element.name, name, "tags nest");
            stack.last_mut().expect("inside the root").children.push(element);
        } else if let Some(tag) = tag.strip_suffix('/') {
            stack.last_mut().unwrap().children.push(start_tag(tag));
        } else {
            stack.push(start_tag(tag));
        }
    }
    assert!(rest.trim().is_empty(), "nothing after the root");
    let mut document = stack.pop().unwrap();
    assert!(stack.is_empty(), "every element is closed");
    assert!(document.text.trim().is_empty());
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

fn start_tag(tag: &str) -> Element {
    let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
    let mut element = Element { name: name.to_owned(), ..Element::default() };
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return element;
        }
        let (name, after) = rest.split_once("=\"").expect("name=\"value\"");
        let (value, after) = after.split_once('"').expect("a closing quote");
        assert!(element.attributes.iter().all(|(n, _)| n != name), "{name} once");
        element.attributes.push((name.to_owned(), unescape(value)));
        rest = after;
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let (entity, after) = rest[amp + 1..].split_once(';').expect("entities end in ;");
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" | "#x27" | "#39" => '\'',
            other => panic!("unknown entity &{other};"),
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[test]
fn reads_well_formed_documents_and_rejects_broken_ones() {
    let root = parse_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1 &amp; 2\"><b>t&lt;</b><c/></a>\n");
    assert_eq!(root.attr("x"), "1 & 2");
    assert_eq!(root.only("b").text, "t<");
    assert_eq!(root.named("c").count(), 1);
    for broken in ["<a><b></a></b>", "<a>", "<a></a><a></a>", "<a>&nbsp;</a>", "<a x=\"1\" x=\"2\"/>"] {
        let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{broken}");
        assert!(std::panic::catch_unwind(|| parse_xml(&xml)).is_err(), "{broken}");
    }
}
