//! The little of a typst "world" that a council's documents need: our own templates, two
//! embedded fonts, the document's data and a fixed date. Nothing is read from disk or the
//! network, so a document depends only on its data.

use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The fonts every document embeds: DejaVu Sans, a plain sans-serif with wide coverage
/// (licence in `fonts/LICENSE.txt`).
struct Fonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let files: [&'static [u8]; 2] =
        [include_bytes!("../fonts/DejaVuSans.ttf"), include_bytes!("../fonts/DejaVuSans-Bold.ttf")];
    let fonts: Vec<Font> = files.into_iter().flat_map(|f| Font::iter(Bytes::new(f))).collect();
    let book = LazyHash::new(FontBook::from_fonts(&fonts));
    Fonts { fonts, book }
});

/// A template's fixed path. File ids are interned for the life of the process, so only these
/// few are ever made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Letter,
    Plan,
    Family,
}

const SOURCES: [(&str, &str); 4] = [
    ("/common.typ", include_str!("../templates/common.typ")),
    ("/letter.typ", include_str!("../templates/letter.typ")),
    ("/plan.typ", include_str!("../templates/plan.typ")),
    ("/family.typ", include_str!("../templates/family.typ")),
];

static FILES: LazyLock<Vec<Source>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(path, text)| {
            let path = VirtualPath::new(path).expect("a fixed, valid template path");
            let id = FileId::new(RootedPath::new(VirtualRoot::Project, path));
            Source::new(id, (*text).to_owned())
        })
        .collect()
});

impl Template {
    pub fn name(self) -> &'static str {
        match self {
            Template::Letter => "letter",
            Template::Plan => "plan",
            Template::Family => "family",
        }
    }

    fn source(self) -> &'static Source {
        let path = format!("/{}.typ", self.name());
        let index = SOURCES.iter().position(|(p, _)| *p == path).expect("every template listed");
        &FILES[index]
    }
}

/// One compilation: a template, its data as `sys.inputs`, and the date it is made on.
pub struct Job {
    library: LazyHash<Library>,
    main: FileId,
    today: Datetime,
}

impl Job {
    pub fn new(template: Template, inputs: Dict, today: Datetime) -> Job {
        Job {
            library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
            main: template.source().id(),
            today,
        }
    }
}

impl World for Job {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        FILES
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id).map(|s| Bytes::from_string(s.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
